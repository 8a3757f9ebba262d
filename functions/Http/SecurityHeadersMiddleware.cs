using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Http;

/// <summary>
/// The security headers of every HTTP answer, whatever wrote it (a page of <see cref="HtmlPages"/>, the newsletter
/// archive and preview, a problem, a CSV): a Content-Security-Policy under which the app's own pages render and no
/// script runs but a page's own, by its hash (<see cref="AllowScript"/>), <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c>. They are set when the
/// response starts, after anything else has written its headers, so a page added later gets them without asking and
/// no function can loosen them. On JSON they cost a few bytes and mean nothing; on anything a browser renders they hold.
/// </summary>
public sealed class SecurityHeadersMiddleware(IOptions<MembershipOptions> membership, IOptions<PollOptions> polls, PageLayout layout) : IFunctionsWorkerMiddleware
{
    private const string ScriptItem = "CoP.Page.Script";

    private readonly Lazy<string> _policy = new(() => Policy(membership.Value, polls.Value, layout));

    /// <summary>The Content-Security-Policy of every answer (settings are validated at start-up, so it is fixed).</summary>
    public string ContentSecurityPolicy => _policy.Value;

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } httpContext)
        {
            var response = httpContext.Response;
            response.OnStarting(() =>
            {
                Apply(response);
                return Task.CompletedTask;
            });
        }

        return next(context);
    }

    /// <summary>
    /// Lets the page being answered run its one inline script (by <paramref name="scriptHashSource"/>) and fetch from
    /// the app and <paramref name="connectTo"/>; only <see cref="HtmlPages"/> calls this, for a script of its own.
    /// </summary>
    public static void AllowScript(HttpContext httpContext, string scriptHashSource, IReadOnlyList<Uri> connectTo)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(connectTo);
        var origins = connectTo.Where(uri => uri.IsAbsoluteUri).Select(uri => uri.GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase);
        httpContext.Items[ScriptItem] = $"script-src {scriptHashSource}; connect-src {string.Join(' ', origins.Prepend("'self'"))}";
    }

    public void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = response.HttpContext.Items.TryGetValue(ScriptItem, out var script) && script is string allowed
            ? $"{ContentSecurityPolicy}; {allowed}"
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Policy(MembershipOptions membership, PollOptions polls, PageLayout layout)
    {
        var style = layout.StyleHashSource;
        var directives = new List<string>
        {
            // Nothing loads or runs unless allowed below: no script, image, font, frame, fetch or plugin.
            "default-src 'none'",
            // The one <style> element of the pages (PageLayout), by hash (style-src for browsers without the -elem/-attr directives).
            $"style-src {style}",
            $"style-src-elem {style}",
            // The newsletter is an email: mail clients honour only inline style attributes, and the archive shows
            // the very same HTML. An attribute can restyle but, with default-src 'none', load nothing.
            "style-src-attr 'unsafe-inline'",
            $"form-action {string.Join(' ', FormTargets(membership, polls))}",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        };

        // The community's logo, the one image of the frame.
        if (layout.LogoOrigin is { } logo)
        {
            directives.Add($"img-src {logo}");
        }

        return string.Join("; ", directives);
    }

    // Where a form of our pages may post: here, or the public API base (the ballot form), and the configured page its
    // 303 answer then leads to, because browsers hold the redirect of a form submission to form-action too.
    private static IEnumerable<string> FormTargets(MembershipOptions membership, PollOptions polls) =>
        new[] { membership.PublicApiBaseUrl, membership.ThankYouPageUrl, membership.ConfirmedPageUrl, membership.UnsubscribedPageUrl, polls.BallotCastPageUrl }
            .OfType<Uri>()
            .Where(uri => uri.IsAbsoluteUri)
            .Select(uri => uri.GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Prepend("'self'");
}
