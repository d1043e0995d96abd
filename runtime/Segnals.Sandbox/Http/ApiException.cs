namespace Segnals.Sandbox.Http;

/// <summary>A refusal the API answers with a status and a JSON message (422 names the field, 403 the scope).</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string message, string? field = null)
        : base(message)
    {
        Status = status;
        Field = field;
    }

    public int Status { get; }

    public string? Field { get; }

    public static ApiException Validation(string field, string message) => new(422, message, field);

    public static ApiException NotFound(string what) => new(404, what + " not found");

    public static ApiException Conflict(string message) => new(409, message);

    public static ApiException Forbidden(string message) => new(403, message);
}
