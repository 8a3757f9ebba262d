using System.Collections.Frozen;
using System.Globalization;
using CoP.Shared.Templates;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email;

/// <summary>
/// Renders the community's emails through the template layer (<see cref="LiquidTemplates"/>) from Liquid templates
/// embedded in this assembly (<c>Templates/&lt;template&gt;.&lt;language&gt;.{subject,html,txt}.liquid</c>), framed by
/// <see cref="MailLayout"/>. Values inserted in the HTML part are HTML-encoded; the text part and the subject take
/// them as they are. A language without a translation falls back to English. Thread-safe: register as a singleton.
/// </summary>
public sealed class EmailComposer
{
    public const string DefaultLanguage = TemplateLanguages.Default;

    /// <summary>Languages with a translation of every template.</summary>
    public static readonly IReadOnlyList<string> Languages = TemplateLanguages.All;

    private const string Folder = "CoP.Shared.Email.Templates";

    private static readonly FrozenDictionary<EmailTemplate, string[]> RequiredValues = new Dictionary<EmailTemplate, string[]>
    {
        [EmailTemplate.Confirmation] = ["ConfirmUrl", "ExpiresInDays", "CommunityName"],
        [EmailTemplate.AlreadyMember] = ["AccessUrl", "ExpiresInDays", "CommunityName"],
        [EmailTemplate.AccessLink] = ["AccessUrl", "ExpiresInMinutes", "CommunityName"],
        [EmailTemplate.EraseReceipt] = ["CommunityName", "ErasedAt"],
        [EmailTemplate.DocumentPublished] = ["Title", "DocumentUrl", "CommunityName"],
        [EmailTemplate.DocumentPendingReview] = ["Title", "CommunityName"],
        [EmailTemplate.DocumentRejected] = ["Title", "ReasonCode", "CommunityName"],
        [EmailTemplate.DocumentRemoved] = ["Title", "Reason", "CommunityName"],
        [EmailTemplate.ConsoleSignIn] = ["SignInUrl", "ExpiresInMinutes", "CommunityName"],
        [EmailTemplate.EventRegistered] = ["Title", "When", "EventUrl", "CommunityName"],
        [EmailTemplate.EventWaitlisted] = ["Title", "When", "EventUrl", "Position", "CommunityName"],
        [EmailTemplate.EventPromoted] = ["Title", "When", "EventUrl", "CommunityName"],
        [EmailTemplate.EventChanged] = ["Title", "When", "EventUrl", "CommunityName"],
        [EmailTemplate.EventCancelled] = ["Title", "When", "EventUrl", "CommunityName"],
        [EmailTemplate.EventReminder] = ["Title", "When", "EventUrl", "CommunityName"],
        [EmailTemplate.EventFollowUp] = ["Title", "When", "EventUrl", "ConsoleUrl", "CommunityName"],
        [EmailTemplate.ProjectApproved] = ["Title", "ProjectUrl", "CommunityName"],
        [EmailTemplate.ProjectRejected] = ["Title", "Note", "ProjectUrl", "EditUrl", "CommunityName"],
        [EmailTemplate.ProjectSubmitted] = ["Title", "ProjectId", "ConsoleUrl", "Resubmitted", "CommunityName"],
        [EmailTemplate.ProjectConfirm] = ["Title", "EditUrl", "LastConfirmedOn", "ExpiresInDays", "CommunityName"],
        [EmailTemplate.WebhookDisabled] = ["WebhookId", "Host", "Failures", "ConsoleUrl", "CommunityName"],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<EmailTemplate, LocalizedTemplate> Templates = Enum.GetValues<EmailTemplate>().ToFrozenDictionary(
        template => template,
        template => LocalizedTemplate.Load(typeof(EmailComposer).Assembly, Folder, FileStem(template), "subject", "html", "txt"));

    private readonly string _communityName;

    public EmailComposer(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _communityName = options.Value.CommunityName;
    }

    /// <summary>
    /// Renders <paramref name="template"/> in <paramref name="language"/> ("en", "fr", "es", or a tag such as
    /// "fr-BE"; anything else gives English). <paramref name="model"/> is a plain object or a dictionary with
    /// the values the template needs (see <see cref="EmailTemplate"/>).
    /// </summary>
    public ComposedEmail Compose(EmailTemplate template, string? language, object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!RequiredValues.TryGetValue(template, out var required))
        {
            throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template.");
        }

        var values = LiquidTemplates.Values(model);
        values.TryAdd("CommunityName", _communityName);
        CheckModel(template, required, values);

        var resolvedLanguage = ResolveLanguage(language);
        var set = Templates[template];
        var context = LiquidTemplates.NewContext(values);
        var subject = LiquidTemplates.OneLine(set[resolvedLanguage, "subject"], context);
        var text = LiquidTemplates.Text(set[resolvedLanguage, "txt"], context);
        var body = LiquidTemplates.Html(set[resolvedLanguage, "html"], context);
        var html = MailLayout.Render(resolvedLanguage, subject, Convert.ToString(values["CommunityName"], CultureInfo.InvariantCulture) ?? "", body);
        return new ComposedEmail(subject, html, text);
    }

    /// <summary>The language whose templates <see cref="Compose"/> uses for <paramref name="language"/>.</summary>
    public static string ResolveLanguage(string? language) => TemplateLanguages.Resolve(language);

    private static void CheckModel(EmailTemplate template, string[] required, Dictionary<string, object?> model)
    {
        var values = model;
        var missing = required.Where(name => !values.TryGetValue(name, out var value) || value is null || (value is string text && text.Length == 0)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"The {template} email needs {string.Join(", ", missing)} in its model.", nameof(model));
        }

        // Links are the one value a template puts into an attribute: only absolute http(s) URLs belong there.
        foreach (var name in required.Where(name => name.EndsWith("Url", StringComparison.Ordinal)))
        {
            if (!Uri.TryCreate(Convert.ToString(values[name], CultureInfo.InvariantCulture), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"{name} of the {template} email must be an absolute http(s) URL.", nameof(model));
            }
        }
    }

    private static string FileStem(EmailTemplate template) => template switch
    {
        EmailTemplate.Confirmation => "confirmation",
        EmailTemplate.AlreadyMember => "already-member",
        EmailTemplate.AccessLink => "access-link",
        EmailTemplate.EraseReceipt => "erase-receipt",
        EmailTemplate.ConsoleSignIn => "console-sign-in",
        EmailTemplate.DocumentPublished => "document-published",
        EmailTemplate.DocumentPendingReview => "document-pending-review",
        EmailTemplate.DocumentRejected => "document-rejected",
        EmailTemplate.DocumentRemoved => "document-removed",
        EmailTemplate.EventRegistered => "event-registered",
        EmailTemplate.EventWaitlisted => "event-waitlisted",
        EmailTemplate.EventPromoted => "event-promoted",
        EmailTemplate.EventChanged => "event-changed",
        EmailTemplate.EventCancelled => "event-cancelled",
        EmailTemplate.EventReminder => "event-reminder",
        EmailTemplate.EventFollowUp => "event-follow-up",
        EmailTemplate.ProjectApproved => "project-approved",
        EmailTemplate.ProjectRejected => "project-rejected",
        EmailTemplate.ProjectSubmitted => "project-submitted",
        EmailTemplate.ProjectConfirm => "project-confirm",
        EmailTemplate.WebhookDisabled => "webhook-disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template."),
    };
}
