using System.Net;
using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Email;
using Fluid;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Templates;

/// <summary>
/// The frame of every HTML page the app serves (<c>Layouts/page.html.liquid</c>): <c>&lt;html lang&gt;</c>, a link to
/// skip to the content, a header with the community's name (and logo) and the navigation, a <c>&lt;main&gt;</c>
/// landmark under the title, a footer with the privacy and unsubscribe links and the language switch. One inline
/// stylesheet (<c>Layouts/page.css</c> under the community's colour) that the Content-Security-Policy allows by its
/// hash, <see cref="StyleHashSource"/>; a page that needs script brings its own, allowed by its hash alone.
/// </summary>
public sealed class PageLayout
{
    private const string Folder = "CoP.Shared.Templates.Layouts";

    private static readonly IFluidTemplate Layout = LiquidTemplates.Parse(typeof(PageLayout).Assembly, $"{Folder}.page.html.liquid");

    private static readonly string Stylesheet = LiquidTemplates.Read(typeof(PageLayout).Assembly, $"{Folder}.page.css").Trim();

    private readonly string _community;
    private readonly string? _logo;
    private readonly string _privacy;

    public PageLayout(IOptions<SiteOptions> site, IOptions<EmailOptions> email)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(email);
        _community = email.Value.CommunityName;
        _logo = site.Value.LogoUrl?.ToString();
        _privacy = site.Value.PrivacyPageUrl?.ToString() ?? $"{PageLinks.Base}/privacy";
        LogoOrigin = site.Value.LogoUrl?.GetLeftPart(UriPartial.Authority);
        Style = $":root{{--brand:{site.Value.BrandColour.ToLowerInvariant()}}}{Stylesheet}";
        StyleHashSource = HashSource(Style);
    }

    /// <summary>The privacy notice every page links to: <c>Site__PrivacyPageUrl</c>, else the app's own page.</summary>
    public string PrivacyPage => _privacy;

    /// <summary>The community's name (<c>Email__CommunityName</c>), which every page template may print as <c>{{ Community }}</c>.</summary>
    public string Community => _community;

    /// <summary>The pages' one stylesheet, exactly as it appears between <c>&lt;style&gt;</c> and <c>&lt;/style&gt;</c>.</summary>
    public string Style { get; }

    /// <summary>The CSP source that allows the pages' one <c>&lt;style&gt;</c> element and no other.</summary>
    public string StyleHashSource { get; }

    /// <summary>The origin the logo loads from, for the policy's <c>img-src</c>; null without a logo.</summary>
    public string? LogoOrigin { get; }

    /// <summary>The CSP source (<c>'sha256-…'</c>) of an inline script or style exactly as written between its tags.</summary>
    public static string HashSource(string inline) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

    /// <summary>A complete HTML document: <paramref name="page"/>'s title and body (already rendered HTML) in the frame.</summary>
    public string Render(PageFrame page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var language = TemplateLanguages.Resolve(page.Language);
        var words = PageWords.For(language);
        var context = LiquidTemplates.NewContext(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Language"] = language,
            ["Title"] = page.Title,
            ["Community"] = _community,
            ["Logo"] = _logo ?? "",
            ["Style"] = Style,
            ["StyleFiles"] = page.StyleFiles,
            ["Wide"] = page.Wide || page.Console is not null,
            ["Body"] = page.Body,
            ["Words"] = words,
            ["Home"] = page.Console is null ? $"{PageLinks.Base}/documents" : $"{PageLinks.Base}/console",
            ["Privacy"] = _privacy,
            ["Unsubscribe"] = $"{PageLinks.Base}/unsubscribe",
            ["Navigation"] = page.Console is null ? Navigation(page, words) : ConsoleNavigation(page, page.Console),
            ["Console"] = new ConsoleBar(page.Console is not null, page.Console?.FormToken ?? "", ConsoleWords.For(language)),
            ["Languages"] = TemplateLanguages.All.Select(code => new LanguageLink(
                code, PageWords.For(code).LanguageName, page.LanguageSwitch(code), code == language)).ToArray(),
        });
        var html = LiquidTemplates.Html(Layout, context);

        // The script goes in after the template layer has tidied the page's whitespace, exactly as written, so that
        // it still matches the hash the policy allows it by.
        if (page.Script is not { Length: > 0 } script)
        {
            return html;
        }

        var end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        var files = string.Concat(page.ScriptFiles.Select(path => $"<script src=\"{WebUtility.HtmlEncode(path)}\"></script>\n"));
        return string.Concat(html.AsSpan(0, end), files, $"<script>{script}</script>\n", html.AsSpan(end));
    }

    private static NavigationLink[] Navigation(PageFrame page, PageWords words)
    {
        var member = page.HasMemberSession
            ? new NavigationLink(words.Profile, $"{PageLinks.Base}/members/me", "profile")
            : new NavigationLink(words.Join, $"{PageLinks.Base}/join", "join");
        return [.. new[]
            {
                new NavigationLink(words.Documents, $"{PageLinks.Base}/documents", "documents"),
                new NavigationLink(words.Events, $"{PageLinks.Base}/events", "events"),
                new NavigationLink(words.Projects, $"{PageLinks.Base}/projects", "projects"),
                new NavigationLink(words.Polls, $"{PageLinks.Base}/polls", "polls"),
                new NavigationLink(words.Newsletter, $"{PageLinks.Base}/newsletter/issues", "newsletter"),
                member,
            }
            .Select(link => link with { Current = link.Section == page.Section })];
    }

    // The console's sections, for a signed-in operator; none on its sign-in pages.
    private static NavigationLink[] ConsoleNavigation(PageFrame page, ConsoleFrame console)
    {
        if (console.FormToken is null)
        {
            return [];
        }

        var words = ConsoleWords.For(TemplateLanguages.Resolve(page.Language));
        return [.. new[]
            {
                new NavigationLink(words.Overview, $"{PageLinks.Base}/console", "overview"),
                new NavigationLink(words.Documents, $"{PageLinks.Base}/console/documents", "documents"),
                new NavigationLink(words.Polls, $"{PageLinks.Base}/console/polls", "polls"),
                new NavigationLink(words.Events, $"{PageLinks.Base}/console/events", "events"),
                new NavigationLink(words.Projects, $"{PageLinks.Base}/console/projects", "projects"),
                new NavigationLink(words.Topics, $"{PageLinks.Base}/console/topics", "topics"),
                new NavigationLink(words.Chat, $"{PageLinks.Base}/console/chat", "chat"),
                new NavigationLink(words.Newsletter, $"{PageLinks.Base}/console/newsletter", "newsletter"),
                new NavigationLink(words.Members, $"{PageLinks.Base}/console/members", "members"),
                new NavigationLink(words.Webhooks, $"{PageLinks.Base}/console/webhooks", "webhooks"),
                new NavigationLink(words.Audit, $"{PageLinks.Base}/console/audit", "audit"),
            }
            .Select(link => link with { Current = link.Section == page.Section })];
    }

    // On: the page is the console's (its menu's name, the sign-out button when signed in, no unsubscribe link).
    private sealed record ConsoleBar(bool On, string FormToken, ConsoleWords Words);

    private sealed record NavigationLink(string Label, string Href, string Section)
    {
        public bool Current { get; init; }
    }

    private sealed record LanguageLink(string Code, string Name, string Href, bool Current);
}

/// <summary>
/// One page to frame: its language, title and rendered body; which navigation item it belongs to; whether the browser
/// holds a member's session (the navigation then offers the profile rather than joining); its script, if it needs one;
/// and the query of its own address, which the language switch keeps.
/// </summary>
public sealed record PageFrame(string Language, string Title, string Body)
{
    public string? Section { get; init; }

    public bool HasMemberSession { get; init; }

    public string? Script { get; init; }

    /// <summary>The app's own scripts the page's script needs (paths), loaded before it, in order.</summary>
    public IReadOnlyList<string> ScriptFiles { get; init; } = [];

    /// <summary>The app's own stylesheets the page loads (paths), after the frame's.</summary>
    public IReadOnlyList<string> StyleFiles { get; init; } = [];

    /// <summary>The wider content column (the console's, and a map beside a list).</summary>
    public bool Wide { get; init; }

    /// <summary>Set on the operator console's pages, which have the console's navigation instead of the members'.</summary>
    public ConsoleFrame? Console { get; init; }

    /// <summary>The page's query parameters, which the language switch keeps (but <c>lang</c> and any credential).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The same page in <paramref name="language"/>: a relative link of the query alone, so it stays on this address.</summary>
    public string LanguageSwitch(string language) =>
        "?" + string.Join('&', Query
            .Where(pair => !string.Equals(pair.Key, PageLinks.LanguageParameter, StringComparison.OrdinalIgnoreCase)
                && !PageLinks.Secrets.Contains(pair.Key))
            .Append(new(PageLinks.LanguageParameter, language))
            .Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
}

/// <summary>
/// A console page's frame: <paramref name="FormToken"/> is the signed-in operator's anti-forgery value (the sign-out
/// button posts it), null on the pages before sign-in, which have no navigation.
/// </summary>
public sealed record ConsoleFrame(string? FormToken);

/// <summary>Where the pages live on the host (its route prefix) and the query parameter of the language switch.</summary>
public static class PageLinks
{
    public const string Base = "/api";

    public const string LanguageParameter = "lang";

    /// <summary>Query parameters that carry a credential: no link of a page repeats them.</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(["token", "formToken", "code"], StringComparer.OrdinalIgnoreCase);
}
