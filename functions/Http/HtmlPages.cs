using System.Collections.Frozen;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Functions.Http;

/// <summary>
/// The app's HTML pages. Each is a Liquid template in two parts (<c>Http/Pages/&lt;page&gt;.&lt;language&gt;.{title,html}.liquid</c>)
/// rendered through the template layer inside the <see cref="PageLayout"/> (header, navigation, footer, language
/// switch), and, for the few pages where the browser must do something, a script of its own
/// (<c>Http/Pages/&lt;page&gt;.js</c>), inlined and allowed by its hash alone. The language is the one the switch chose
/// (<c>?lang=</c>, remembered in a cookie), else the member's, else the browser's (<c>Accept-Language</c>), else
/// English. Every inserted value is HTML-encoded. Their security headers come from <see cref="SecurityHeadersMiddleware"/>.
/// </summary>
public static class HtmlPages
{
    /// <summary>The cookie that remembers the language a person chose with the switch.</summary>
    public const string LanguageCookie = "cop-lang";

    private const string Folder = "CoP.Functions.Http.Pages";

    private static readonly FrozenDictionary<string, LocalizedTemplate> Templates = typeof(HtmlPages).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(Folder + ".", StringComparison.Ordinal) && name.EndsWith($".{TemplateLanguages.Default}.html.liquid", StringComparison.Ordinal))
        .Select(name => name[(Folder.Length + 1)..^$".{TemplateLanguages.Default}.html.liquid".Length])
        .ToFrozenDictionary(page => page, page => LocalizedTemplate.Load(typeof(HtmlPages).Assembly, Folder, page, "title", "html"), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Scripts = typeof(HtmlPages).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(Folder + ".", StringComparison.Ordinal) && name.EndsWith(".js", StringComparison.Ordinal))
        .ToFrozenDictionary(name => name[(Folder.Length + 1)..^".js".Length], name => LiquidTemplates.Read(typeof(HtmlPages).Assembly, name).Trim(), StringComparer.Ordinal);

    private static readonly (string Route, string? Name)[] Sections =
        [("documents", "documents"), ("events", "events"), ("projects", "projects"), ("polls", "polls"), ("newsletter", "newsletter"), ("members", "profile"), ("join", "join")];

    /// <summary>The page <paramref name="page"/> (a template name such as <c>unsubscribed</c>) with <paramref name="model"/>'s values.</summary>
    public static IResult Page(int status, string page, object? model = null) => Page(status, page, _ => model ?? new Dictionary<string, object?>());

    /// <summary>
    /// The page <paramref name="page"/> with values formatted for the language it is rendered in (dates, for example),
    /// in <paramref name="memberLanguage"/> when the page is a member's own and no language was chosen with the switch.
    /// A page with a script may fetch from <paramref name="connectTo"/> (origins) besides the app itself.
    /// </summary>
    public static IResult Page(int status, string page, Func<string, object> model, string? memberLanguage = null, IReadOnlyList<Uri>? connectTo = null) =>
        Page(status, page, model, memberLanguage, connectTo, console: null);

    /// <summary>As above; a page of the operator console passes its <paramref name="console"/> frame (its navigation and sign-out button).</summary>
    public static IResult Page(int status, string page, Func<string, object> model, string? memberLanguage, IReadOnlyList<Uri>? connectTo, ConsoleFrame? console) =>
        Page(status, page, model, memberLanguage, new PageSetup { ConnectTo = connectTo ?? [] }, console);

    /// <summary>
    /// As above, for a page that also loads files of the app's own (<c>/api/assets/…</c>) and images from elsewhere, or
    /// needs the wide frame (<paramref name="setup"/>): its policy allows those files by their exact address.
    /// </summary>
    public static IResult Page(int status, string page, Func<string, object> model, string? memberLanguage, PageSetup setup, ConsoleFrame? console = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        if (!Templates.TryGetValue(page, out var template))
        {
            throw new ArgumentOutOfRangeException(nameof(page), page, "There is no such page template.");
        }

        return new HtmlResult(status, template, model, memberLanguage, setup.RunsScript ? Scripts.GetValueOrDefault(page) : null, setup, console);
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
    public static IResult SeeOther(Uri location) => new SeeOtherResult(location.ToString());

    /// <summary>303 See Other to one of the app's own pages (a path such as <c>/api/polls/p1?voted=1</c>): post/redirect/get.</summary>
    public static IResult SeeOther(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
            ? new SeeOtherResult(path)
            : throw new ArgumentException("Only the app's own paths.", nameof(path));
    }

    /// <summary>The language a page is shown in (see the class summary).</summary>
    public static string Language(HttpRequest request, string? memberLanguage = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Chosen(request.Query[PageLinks.LanguageParameter]) is { } chosen)
        {
            return chosen;
        }

        if (Chosen(request.Cookies[LanguageCookie]) is { } remembered)
        {
            return remembered;
        }

        return memberLanguage is not null
            ? TemplateLanguages.Resolve(memberLanguage)
            : TemplateLanguages.FromAcceptLanguage(request.Headers.AcceptLanguage);
    }

    private static string? Chosen(string? value) =>
        value is not null && TemplateLanguages.All.Contains(value, StringComparer.Ordinal) ? value : null;

    // The navigation item a page belongs to, by its address.
    private static string? Section(PathString path) =>
        Sections.FirstOrDefault(section => path.StartsWithSegments($"{PageLinks.Base}/{section.Route}", StringComparison.Ordinal)).Name;

    // The console's navigation item: the segment after console/, and the overview for console/ itself.
    private static string ConsoleSection(PathString path) =>
        path.StartsWithSegments($"{PageLinks.Base}/console", StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            ? first.ToLowerInvariant()
            : "overview";

    private sealed class HtmlResult(
        int status, LocalizedTemplate template, Func<string, object> model, string? memberLanguage, string? script, PageSetup setup, ConsoleFrame? console) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var request = httpContext.Request;
            var response = httpContext.Response;
            var language = Language(request, memberLanguage);
            var layout = httpContext.RequestServices.GetRequiredService<PageLayout>();
            var context = LiquidTemplates.NewContext(model(language));
            LiquidTemplates.Set(context, "Community", layout.Community);
            if (console?.FormToken is { } formToken)
            {
                LiquidTemplates.Set(context, "FormToken", formToken);
            }

            var html = layout.Render(
                new PageFrame(language, LiquidTemplates.OneLine(template[language, "title"], context), LiquidTemplates.Html(template[language, "html"], context))
                {
                    Section = console is null ? Section(request.Path) : ConsoleSection(request.Path),
                    Console = console,
                    HasMemberSession = MemberSessions.HasProfileSession(request),
                    Script = script,
                    ScriptFiles = script is null ? [] : setup.ScriptFiles,
                    // The policy allows a page's files along with its script (SecurityHeadersMiddleware.Allow) only.
                    StyleFiles = script is null ? [] : setup.StyleFiles,
                    Wide = setup.Wide,
                    Query = [.. request.Query.SelectMany(pair => pair.Value.OfType<string>().Select(value => new KeyValuePair<string, string>(pair.Key, value)))],
                });
            if (script is not null)
            {
                SecurityHeadersMiddleware.Allow(httpContext, new PageSources(PageLayout.HashSource(script))
                {
                    ScriptFiles = setup.ScriptFiles,
                    StyleFiles = setup.StyleFiles,
                    ImagesFrom = setup.ImagesFrom,
                    ConnectTo = setup.ConnectTo,
                });
            }

            if (Chosen(request.Query[PageLinks.LanguageParameter]) is { } chosen)
            {
                response.Cookies.Append(LanguageCookie, chosen, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = true,
                    SameSite = SameSiteMode.Lax,
                    Path = "/",
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                });
            }

            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentLanguage = language;
            response.Headers.CacheControl = "no-store";
            response.Headers.Vary = "Accept, Accept-Language, Cookie";
            await response.WriteAsync(html, httpContext.RequestAborted);
        }
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// What a page needs beyond its template and its own script: the app's own scripts and stylesheets it loads (paths
/// of <c>/api/assets/…</c>, placed before its script), the origins it shows images from (map tiles) and fetches from,
/// and whether it takes the wide frame (a map beside a list).
/// </summary>
public sealed record PageSetup
{
    public IReadOnlyList<string> ScriptFiles { get; init; } = [];

    public IReadOnlyList<string> StyleFiles { get; init; } = [];

    public IReadOnlyList<Uri> ImagesFrom { get; init; } = [];

    public IReadOnlyList<Uri> ConnectTo { get; init; } = [];

    public bool Wide { get; init; }

    /// <summary>False for a state of the page that shows nothing its script works on (a refused filter: no map).</summary>
    public bool RunsScript { get; init; } = true;
}

/// <summary>Why a link cannot be used, as the new-link page says it.</summary>
public enum NewLinkReason
{
    ConfirmationExpired,
    ConfirmationInvalid,
    UnsubscribeInvalid,
}
