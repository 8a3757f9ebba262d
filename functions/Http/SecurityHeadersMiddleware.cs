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
/// script runs but a page's own, by its hash, and the app's own files that page names, by their exact address
/// (<see cref="Allow"/>), <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c>. They are set when the
/// response starts, after anything else has written its headers, so a page added later gets them without asking and
/// no function can loosen them. On JSON they cost a few bytes and mean nothing; on anything a browser renders they hold.
/// </summary>
public sealed class SecurityHeadersMiddleware(IOptions<MembershipOptions> membership, IOptions<PollOptions> polls, PageLayout layout) : IFunctionsWorkerMiddleware
{
    private const string PageItem = "CoP.Page.Sources";

    private readonly Lazy<IReadOnlyList<Directive>> _directives = new(() => Directives(membership.Value, polls.Value, layout));

    /// <summary>The Content-Security-Policy of every answer (settings are validated at start-up, so it is fixed).</summary>
    public string ContentSecurityPolicy => Join(_directives.Value);

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
    /// Lets the page being answered run its one inline script and load what <paramref name="sources"/> names besides;
    /// only <see cref="HtmlPages"/> calls this, for a page of its own.
    /// </summary>
    public static void Allow(HttpContext httpContext, PageSources sources)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(sources);
        httpContext.Items[PageItem] = sources;
    }

    public void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = response.HttpContext.Items.TryGetValue(PageItem, out var item) && item is PageSources page
            ? Join(WithPage(_directives.Value, page, OwnOrigins(response.HttpContext.Request)))
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static List<Directive> Directives(MembershipOptions membership, PollOptions polls, PageLayout layout)
    {
        string[] style = [layout.StyleHashSource];
        var directives = new List<Directive>
        {
            // Nothing loads or runs unless allowed below: no script, image, font, frame, fetch or plugin.
            new("default-src", ["'none'"]),
            // The one <style> element of the pages (PageLayout), by hash (style-src for browsers without the -elem/-attr directives).
            new("style-src", style),
            new("style-src-elem", style),
            // The newsletter is an email: mail clients honour only inline style attributes, and the archive shows
            // the very same HTML. An attribute can restyle but, with default-src 'none', load nothing.
            new("style-src-attr", ["'unsafe-inline'"]),
            new("form-action", [.. FormTargets(membership, polls)]),
            new("base-uri", ["'none'"]),
            new("frame-ancestors", ["'none'"]),
        };

        // The community's logo, the one image of the frame.
        if (layout.LogoOrigin is { } logo)
        {
            directives.Add(new("img-src", [logo]));
        }

        return directives;
    }

    // A page's additions: its inline script by hash and the app's own scripts and stylesheets by their exact address
    // (a path, not the whole origin, so that no other file of the app could be loaded as script), images and fetches
    // by origin.
    private static List<Directive> WithPage(IReadOnlyList<Directive> directives, PageSources page, IReadOnlyList<string> own)
    {
        IEnumerable<string> Files(IEnumerable<string> paths) => paths.SelectMany(path => own.Select(origin => origin + path));
        var all = directives.ToList();
        Add(all, "style-src", Files(page.StyleFiles));
        Add(all, "style-src-elem", Files(page.StyleFiles));
        Add(all, "img-src", Origins(page.ImagesFrom));
        Add(all, "script-src", Files(page.ScriptFiles).Prepend(page.ScriptHashSource));
        Add(all, "connect-src", Origins(page.ConnectTo).Prepend("'self'"));
        return all;
    }

    private static void Add(List<Directive> directives, string name, IEnumerable<string> sources)
    {
        var adding = sources.ToArray();
        var at = directives.FindIndex(d => d.Name == name);
        if (at >= 0)
        {
            directives[at] = directives[at] with { Sources = [.. directives[at].Sources.Concat(adding).Distinct(StringComparer.OrdinalIgnoreCase)] };
        }
        else if (adding.Length > 0)
        {
            directives.Add(new(name, [.. adding.Distinct(StringComparer.OrdinalIgnoreCase)]));
        }
    }

    // Where the browser may see the app's own files: this answer's host, and the public API base (behind a proxy).
    private IReadOnlyList<string> OwnOrigins(HttpRequest request)
    {
        var here = request.Host.HasValue ? $"{request.Scheme}://{request.Host}" : null;
        var configured = membership.Value.PublicApiBaseUrl is { IsAbsoluteUri: true } publicBase ? publicBase.GetLeftPart(UriPartial.Authority) : null;
        return [.. new[] { here, configured }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static IEnumerable<string> Origins(IEnumerable<Uri> uris) =>
        uris.Where(uri => uri.IsAbsoluteUri).Select(uri => uri.GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase);

    private static string Join(IEnumerable<Directive> directives) =>
        string.Join("; ", directives.Select(d => $"{d.Name} {string.Join(' ', d.Sources)}"));

    private sealed record Directive(string Name, IReadOnlyList<string> Sources);

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

/// <summary>
/// What one page may load beyond the policy every answer has: its inline script (by <see cref="ScriptHashSource"/>),
/// the app's own scripts and stylesheets by path (<c>/api/assets/leaflet-1.9.4.js</c>), images from other origins (map
/// tiles) and fetches from the app and <see cref="ConnectTo"/>.
/// </summary>
public sealed record PageSources(string ScriptHashSource)
{
    public IReadOnlyList<string> ScriptFiles { get; init; } = [];

    public IReadOnlyList<string> StyleFiles { get; init; } = [];

    public IReadOnlyList<Uri> ImagesFrom { get; init; } = [];

    public IReadOnlyList<Uri> ConnectTo { get; init; } = [];
}
