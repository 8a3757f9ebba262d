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
/// script runs, <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c>. They are set when the
/// response starts, after anything else has written its headers, so a page added later gets them without asking and
/// no function can loosen them. On JSON they cost a few bytes and mean nothing; on anything a browser renders they hold.
/// </summary>
public sealed class SecurityHeadersMiddleware(IOptions<MembershipOptions> membership, IOptions<PollOptions> polls) : IFunctionsWorkerMiddleware
{
    private readonly Lazy<string> _policy = new(() => Policy(membership.Value, polls.Value));

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

    public void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Policy(MembershipOptions membership, PollOptions polls)
    {
        var style = PageLayout.StyleHashSource;
        return string.Join("; ",
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
            "frame-ancestors 'none'");
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
