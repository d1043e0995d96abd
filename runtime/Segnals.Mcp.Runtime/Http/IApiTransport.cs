namespace Segnals.Mcp.Runtime.Http;

/// <summary>
/// Sends one API call and returns its successful answer. Failures are thrown as <see cref="ApiCallException"/>;
/// the caller's cancellation is thrown as <see cref="OperationCanceledException"/>.
/// </summary>
public interface IApiTransport
{
    Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken);
}
