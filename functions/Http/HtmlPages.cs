using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Small self-contained HTML pages for people following links or posting forms when no page of the
/// community's web site is configured. Every inserted value is HTML-encoded; no scripts, no external assets.
/// </summary>
public static class HtmlPages
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2b1f}" +
        "h1{font-size:1.4rem;color:#2f5d34}button{font-size:1rem;padding:.5rem 1rem}input{font-size:1rem;padding:.4rem;width:100%;margin:.3rem 0 .8rem}";

    /// <summary>A page with a heading, paragraphs and an optional form.</summary>
    public static IResult Page(int status, string title, IEnumerable<string> paragraphs, HtmlForm? form = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\"><title>").Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        if (form is not null)
        {
            html.Append("<form method=\"post\" action=\"").Append(Encode(form.Action)).Append("\">");
            foreach (var (name, value) in form.Hidden)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
            }

            foreach (var (name, label, type) in form.Inputs)
            {
                html.Append("<label>").Append(Encode(label)).Append("<input name=\"").Append(Encode(name)).Append("\" type=\"").Append(Encode(type)).Append("\" required></label>");
            }

            html.Append("<button type=\"submit\">").Append(Encode(form.Button)).Append("</button></form>");
        }

        html.Append("</body></html>");
        return new HtmlResult(status, html.ToString());
    }

    /// <summary>303 See Other: the browser loads the configured page with GET.</summary>
    public static IResult SeeOther(Uri location) => new SeeOtherResult(location);

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private sealed class HtmlResult(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await response.WriteAsync(html, httpContext.RequestAborted);
        }
    }

    private sealed class SeeOtherResult(Uri location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location.ToString();
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>A form on an HTML page: where it posts, hidden fields, visible inputs (name, label, type) and the button.</summary>
public sealed record HtmlForm(
    string Action,
    string Button,
    IReadOnlyList<(string Name, string Value)> Hidden,
    IReadOnlyList<(string Name, string Label, string Type)> Inputs);
