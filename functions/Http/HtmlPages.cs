using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Small self-contained HTML pages for people following links or posting forms when no page of the
/// community's web site is configured. Every inserted value is HTML-encoded; no scripts, no external assets.
/// Their security headers come from <see cref="SecurityHeadersMiddleware"/>, as every answer's do.
/// </summary>
public static class HtmlPages
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2b1f}" +
        "h1{font-size:1.4rem;color:#2f5d34}button{font-size:1rem;padding:.5rem 1rem}input{font-size:1rem;padding:.4rem;width:100%;margin:.3rem 0 .8rem}" +
        "fieldset{border:1px solid #c9d6ca;margin:0 0 1rem;padding:.5rem 1rem}label.choice{display:block;margin:.5rem 0}" +
        "label.choice input{width:auto;margin:0 .6rem 0 0}select{display:block;font-size:1rem;padding:.3rem;width:100%;margin:.3rem 0 .8rem}";

    /// <summary>The CSP source that allows the pages' one <c>&lt;style&gt;</c> element and no other.</summary>
    internal static readonly string StyleHashSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>A page with a heading, paragraphs, an optional bulleted list and an optional form.</summary>
    public static IResult Page(int status, string title, IEnumerable<string> paragraphs, HtmlForm? form = null, IEnumerable<string>? list = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\"><meta name=\"referrer\" content=\"no-referrer\"><title>").Append(Encode(title))
            .Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        if (list is not null)
        {
            html.Append("<ul>");
            foreach (var item in list)
            {
                html.Append("<li>").Append(Encode(item)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (form is not null)
        {
            html.Append("<form method=\"post\" action=\"").Append(Encode(form.Action)).Append("\">");
            foreach (var (name, value) in form.Hidden)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
            }

            foreach (var choices in form.Choices ?? [])
            {
                AppendChoices(html, choices);
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

    /// <summary>
    /// True when the request ranks <c>text/html</c> above JSON, as browsers following a link do
    /// (<c>text/html,…,*/*;q=0.8</c>). Scripts sending no Accept, <c>*/*</c> or <c>application/json</c> get JSON.
    /// </summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        double html = 0, json = 0;
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            var quality = accept.Quality ?? 1;
            if (accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
        }

        return html > 0 && html >= json;
    }

    /// <summary>303 See Other: the browser loads the configured page with GET.</summary>
    public static IResult SeeOther(Uri location) => new SeeOtherResult(location);

    private static void AppendChoices(StringBuilder html, HtmlChoices choices)
    {
        var name = Encode(choices.Name);
        html.Append("<fieldset><legend>").Append(Encode(choices.Legend)).Append("</legend>");
        if (choices.Style == HtmlChoiceStyle.NumberedSelects)
        {
            // A ranking: one select per rank, in order; only the first must be chosen, blank ones send "".
            for (var rank = 1; rank <= choices.Selects; rank++)
            {
                html.Append("<label>").Append(rank).Append(". <select name=\"").Append(name).Append('"').Append(rank == 1 ? " required" : "")
                    .Append("><option value=\"\">—</option>");
                foreach (var (value, label) in choices.Options)
                {
                    html.Append("<option value=\"").Append(Encode(value)).Append("\">").Append(Encode(label)).Append("</option>");
                }

                html.Append("</select></label>");
            }
        }
        else
        {
            var (type, required) = choices.Style == HtmlChoiceStyle.Radio ? ("radio", " required") : ("checkbox", "");
            foreach (var (value, label) in choices.Options)
            {
                html.Append("<label class=\"choice\"><input type=\"").Append(type).Append("\" name=\"").Append(name).Append("\" value=\"").Append(Encode(value))
                    .Append('"').Append(required).Append('>').Append(Encode(label)).Append("</label>");
            }
        }

        html.Append("</fieldset>");
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private sealed class HtmlResult(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
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

/// <summary>
/// A form on an HTML page: where it posts, hidden fields, visible inputs (name, label, type), the button, and
/// optional groups of choices shown before the inputs.
/// </summary>
public sealed record HtmlForm(
    string Action,
    string Button,
    IReadOnlyList<(string Name, string Value)> Hidden,
    IReadOnlyList<(string Name, string Label, string Type)> Inputs,
    IReadOnlyList<HtmlChoices>? Choices = null);

/// <summary>
/// Options sent under one field name: radio buttons (one value), checkboxes (any number of values) or
/// <see cref="Selects"/> numbered selects (a ranking: values in rank order, blank ranks sent empty).
/// </summary>
public sealed record HtmlChoices(
    string Name,
    string Legend,
    HtmlChoiceStyle Style,
    IReadOnlyList<(string Value, string Label)> Options,
    int Selects = 1);

public enum HtmlChoiceStyle
{
    Radio,
    Checkbox,
    NumberedSelects,
}
