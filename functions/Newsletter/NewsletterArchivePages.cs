using System.Globalization;
using System.Text.RegularExpressions;
using CoP.Functions.Http;
using CoP.Shared.Email;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Templates;
using Fluid.Values;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Newsletter;

/// <summary>
/// The archive's pages for browsers: the list of sent issues, and one issue inside the page frame. The issue is the
/// public edition (composed for no member, so without any personal link); its content is the mail's own HTML,
/// encoded when it was composed, shown with the inline style attributes mail clients need.
/// </summary>
public static partial class NewsletterArchivePages
{
    private const string Archive = $"{PageLinks.Base}/newsletter/issues";

    private static readonly Dictionary<string, (CultureInfo Culture, string Pattern)> DateFormats = new(StringComparer.Ordinal)
    {
        ["en"] = (CultureInfo.InvariantCulture, "d MMMM yyyy"),
        ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "d MMMM yyyy"),
        ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "d 'de' MMMM 'de' yyyy"),
    };

    /// <summary>The list of sent issues, newest first, each linked to its page.</summary>
    public static IResult List(IReadOnlyList<NewsletterIssueEntity> issues) => HtmlPages.Page(StatusCodes.Status200OK, "newsletter-issues", language => new
    {
        Issues = issues.Select(issue => new
        {
            issue.Subject,
            Url = $"{Archive}/{Uri.EscapeDataString(issue.IssueId)}",
            Date = issue.SentAt is { } sentAt ? Date(sentAt, language) : "",
        }).ToList(),
    });

    /// <summary>One issue: its subject as the page's title, its content inside the frame, a link back to the list.</summary>
    public static IResult Issue(ComposedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var content = Content(email.HtmlBody);
        return HtmlPages.Page(StatusCodes.Status200OK, "newsletter-issue", _ => new Dictionary<string, object?>
        {
            ["Subject"] = email.Subject,
            ["Archive"] = Archive,

            // Our own composed HTML, already encoded: inserted as it is.
            ["Content"] = new StringValue(content, encode: false),
        });
    }

    /// <summary>The 404 page for an id that names no sent issue.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-newsletter-issue");

    /// <summary>
    /// The part of the mail a page shows: what is between <c>&lt;body&gt;</c> and <c>&lt;/body&gt;</c>, without the
    /// mail's own <c>&lt;h1&gt;</c> (the frame's heading names the issue).
    /// </summary>
    public static string Content(string htmlBody)
    {
        ArgumentNullException.ThrowIfNull(htmlBody);
        var body = Body().Match(htmlBody) is { Success: true } match ? match.Groups["content"].Value : htmlBody;
        return Heading().Replace(body, "", 1).Trim();
    }

    private static string Date(DateTimeOffset at, string language) =>
        DateFormats.TryGetValue(language, out var format)
            ? at.UtcDateTime.ToString(format.Pattern, format.Culture)
            : at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<body\b[^>]*>(?<content>.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Body();

    [GeneratedRegex(@"<h1\b[^>]*>.*?</h1>\s*", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();
}
