using System.Collections.Frozen;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Small self-contained HTML pages for people following links or posting forms when no page of the community's web
/// site is configured. Each is a Liquid template in two parts (<c>Http/Pages/&lt;page&gt;.&lt;language&gt;.{title,html}.liquid</c>)
/// rendered through the template layer inside <see cref="PageLayout"/>, in the
/// language the browser prefers (<c>Accept-Language</c>: English, French or Spanish, else English). Every inserted
/// value is HTML-encoded; no scripts, no external assets. Their security headers come from
/// <see cref="SecurityHeadersMiddleware"/>, as every answer's do.
/// </summary>
public static class HtmlPages
{
    private const string Folder = "CoP.Functions.Http.Pages";

    private static readonly FrozenDictionary<string, LocalizedTemplate> Templates = typeof(HtmlPages).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(Folder + ".", StringComparison.Ordinal) && name.EndsWith($".{TemplateLanguages.Default}.html.liquid", StringComparison.Ordinal))
        .Select(name => name[(Folder.Length + 1)..^$".{TemplateLanguages.Default}.html.liquid".Length])
        .ToFrozenDictionary(page => page, page => LocalizedTemplate.Load(typeof(HtmlPages).Assembly, Folder, page, "title", "html"), StringComparer.Ordinal);

    /// <summary>The page <paramref name="page"/> (a template name such as <c>unsubscribed</c>) with <paramref name="model"/>'s values.</summary>
    public static IResult Page(int status, string page, object? model = null) => Page(status, page, _ => model ?? new Dictionary<string, object?>());

    /// <summary>The page <paramref name="page"/> with values formatted for the language it is rendered in (dates, for example).</summary>
    public static IResult Page(int status, string page, Func<string, object> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Templates.TryGetValue(page, out var template))
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, "There is no such page template.");
        }

        return new HtmlResult(status, template, model);
    }

    /// <summary>The 400 page that says why a link cannot be used and offers to send a new one by email.</summary>
    public static IResult NewLink(NewLinkReason reason) => Page(StatusCodes.Status400BadRequest, "new-link", new
    {
        Reason = reason switch
        {
            NewLinkReason.ConfirmationExpired => "confirmation-expired",
            NewLinkReason.ConfirmationInvalid => "confirmation-invalid",
            NewLinkReason.UnsubscribeInvalid => "unsubscribe-invalid",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
        },
    });

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

    /// <summary>The page in the request's language, rendered when the answer is written.</summary>
    private static string Render(LocalizedTemplate template, string language, object model)
    {
        var context = LiquidTemplates.NewContext(model);
        var title = LiquidTemplates.OneLine(template[language, "title"], context);
        var body = LiquidTemplates.Html(template[language, "html"], context);
        return PageLayout.Render(language, title, body);
    }

    private sealed class HtmlResult(int status, LocalizedTemplate template, Func<string, object> model) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var language = TemplateLanguages.FromAcceptLanguage(httpContext.Request.Headers.AcceptLanguage);
            var html = Render(template, language, model(language));
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentLanguage = language;
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

/// <summary>Why a link cannot be used, as the new-link page says it.</summary>
public enum NewLinkReason
{
    ConfirmationExpired,
    ConfirmationInvalid,
    UnsubscribeInvalid,
}
