using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Segnals.Sandbox.Authorization.Tests.Infrastructure;

/// <summary>The one form of a server-rendered page, read as a browser would submit it.</summary>
public sealed class HtmlForm
{
    private HtmlForm(IHtmlDocument document, IHtmlFormElement form)
    {
        Document = document;
        Form = form;
    }

    public IHtmlDocument Document { get; }

    public IHtmlFormElement Form { get; }

    public string Action => Form.GetAttribute("action")!;

    public static HtmlForm Parse(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form") as IHtmlFormElement ?? throw new InvalidOperationException("The page has no form: " + document.Title);
        return new HtmlForm(document, form);
    }

    /// <summary>Hidden fields, as name/value pairs in page order (a name may repeat).</summary>
    public List<KeyValuePair<string, string>> Hidden() =>
        Form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();

    /// <summary>The checkboxes: value, whether ticked, and the text of their label.</summary>
    public List<(string Value, bool Checked, string Label)> Checkboxes() =>
        Form.QuerySelectorAll("input[type=checkbox]").Cast<IHtmlInputElement>()
            .Select(i => (i.Value, i.IsChecked, Document.QuerySelector($"label[for='{i.Id}']")?.TextContent.Trim() ?? "")).ToList();

    public string? ErrorText => Document.QuerySelector("[role=alert]")?.TextContent.Trim();
}
