using System.Text;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>Who an issue is rendered for: the member's language (any tag; unknown ones give English) and the topics they follow.</summary>
public sealed record NewsletterAudience(string? Language, IReadOnlyList<string> MemberTopics);

/// <summary>
/// Renders one newsletter issue through the template layer (<see cref="LiquidTemplates"/>) from the Liquid templates
/// embedded beside it (<c>Templates/newsletter.&lt;language&gt;.{subject,html,txt}.liquid</c>), framed by
/// <see cref="MailLayout"/> as every mail is. Everything a member, an uploader or an organiser typed is HTML-encoded in
/// the HTML part and left as it is in the text part; <see cref="NewsletterViews"/> formats it for the templates.
/// Thread-safe: register as a singleton; it is called once per <see cref="VariantKey"/>.
/// </summary>
public sealed class NewsletterComposer
{
    private static readonly LocalizedTemplate Template =
        LocalizedTemplate.Load(typeof(NewsletterComposer).Assembly, "CoP.Shared.Newsletter.Composition.Templates", "newsletter", "subject", "html", "txt");

    private readonly string _communityName;
    private readonly string? _publicApiBaseUrl;

    public NewsletterComposer(IOptions<EmailOptions> options, IOptions<MembershipOptions> membership)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(membership);
        _communityName = options.Value.CommunityName;
        _publicApiBaseUrl = membership.Value.PublicApiBaseUrl?.ToString().TrimEnd('/');
    }

    /// <summary>
    /// The public archive edition of <paramref name="content"/> in the audience's language: open polls link to
    /// their public pages, every upcoming event and progress note is listed, and there is no profile or unsubscribe link.
    /// </summary>
    public ComposedEmail ComposeArchiveEdition(NewsletterContent content, NewsletterAudience audience) => Render(content, audience, slots: null);

    /// <summary>
    /// The edition that <paramref name="audience"/>'s members receive, with fresh slot markers where the template
    /// puts each member's vote, profile and unsubscribe links (see <see cref="NewsletterSlots"/>).
    /// </summary>
    public MemberEdition ComposeMemberEdition(NewsletterContent content, NewsletterAudience audience)
    {
        ArgumentNullException.ThrowIfNull(content);
        return ComposeMemberEdition(content, audience, NewsletterSlots.Draw(content));
    }

    /// <summary>The member edition with given markers: production draws them (above); tests play a guessed or leaked one.</summary>
    internal MemberEdition ComposeMemberEdition(NewsletterContent content, NewsletterAudience audience, NewsletterSlots slots)
    {
        var writer = new SlotWriter(slots);
        var email = Render(content, audience, writer);
        writer.Verify(email);
        return new MemberEdition(email, slots);
    }

    /// <summary>
    /// What makes one member's issue differ from another's apart from links: the resolved language, the topic
    /// sections in the order the member sees them, each with the indexes of the documents it holds, the upcoming
    /// events and the projects' progress notes on their topics. Under today's rule the order alone decides which section holds a shared document; the
    /// indexes keep the key right should the rule change. Members with equal keys get identical emails apart from
    /// their links.
    /// </summary>
    public static string VariantKey(NewsletterContent content, NewsletterAudience audience)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(audience);
        var key = new StringBuilder(TemplateLanguages.Resolve(audience.Language));
        foreach (var section in NewsletterSections.Arrange(content, audience.MemberTopics))
        {
            key.Append('|').Append(NewsletterSections.Key(section));
        }

        // Issues without events keep the keys they always had.
        if (content.UpcomingEvents.Count > 0)
        {
            key.Append("|events:").AppendJoin(',', NewsletterEventViews.Shown(content, audience.MemberTopics));
        }

        if (content.ProjectUpdates.Count > 0)
        {
            key.Append("|progress:").AppendJoin(',', NewsletterProjectViews.Shown(content, audience.MemberTopics));
        }

        return key.ToString();
    }

    /// <summary>The public archive page of an issue: <c>{PublicApiBaseUrl}/api/newsletter/issues/{issueId}</c>.</summary>
    public string ArchiveUrl(string issueId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issueId);
        return $"{BaseUrl}/api/newsletter/issues/{Uri.EscapeDataString(issueId)}";
    }

    private string BaseUrl => _publicApiBaseUrl ?? throw new InvalidOperationException("Membership__PublicApiBaseUrl is not set, so the newsletter cannot link to its archive.");

    private ComposedEmail Render(NewsletterContent content, NewsletterAudience audience, SlotWriter? slots)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(audience);
        var language = TemplateLanguages.Resolve(audience.Language);
        var format = NewsletterViews.Format(language);

        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Language"] = language,
            ["CommunityName"] = _communityName,
            ["IssueDate"] = format.Date(content.PeriodEnd),
            ["PeriodStartDate"] = format.Date(content.PeriodStart),
            ["Note"] = NewsletterViews.NormalizeLineBreaks(content.EditorialNote) ?? "",
            ["NoteParagraphs"] = NewsletterViews.Paragraphs(content.EditorialNote),
            ["Sections"] = NewsletterViews.Sections(content, audience, format),
            ["Polls"] = NewsletterViews.Polls(content, format, poll =>
                slots is not null && slots.Slots.Votes.TryGetValue(poll.PollId, out var vote) ? slots.Value(vote) : new StringValue(poll.Url)),
            ["Results"] = NewsletterViews.Results(content),
            // The archive is everyone's: it lists every upcoming event, whatever topics it is rendered for.
            ["Events"] = NewsletterEventViews.Upcoming(content, slots is null ? [] : audience.MemberTopics, language),
            ["EventMaterials"] = NewsletterEventViews.Materials(content, language),
            ["NewProjects"] = NewsletterProjectViews.NewProjects(content, language),
            // As events: the archive lists every progress note.
            ["ProjectUpdates"] = NewsletterProjectViews.Updates(content, slots is null ? [] : audience.MemberTopics, format, language),
            ["MapUrl"] = $"{BaseUrl}/api/projects",
            ["ArchiveUrl"] = ArchiveUrl(content.IssueId),
            ["IsMember"] = slots is not null,
        };
        if (slots is not null)
        {
            values["ProfileUrl"] = slots.Value(slots.Slots.Profile);
            values["UnsubscribeUrl"] = slots.Value(slots.Slots.Unsubscribe);
        }

        var context = LiquidTemplates.NewContext(values);
        var subject = LiquidTemplates.OneLine(Template[language, "subject"], context);
        var text = LiquidTemplates.Text(Template[language, "txt"], context);
        var body = LiquidTemplates.Html(Template[language, "html"], context);
        return new ComposedEmail(subject, MailLayout.Render(language, subject, _communityName, body), text);
    }
}
