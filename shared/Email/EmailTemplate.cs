namespace CoP.Shared.Email;

/// <summary>
/// The emails the community sends to one person. The model each one needs (names as the templates use them):
/// <list type="bullet">
/// <item><see cref="Confirmation"/>: ConfirmUrl, ExpiresInDays, CommunityName. It carries nothing the
/// registrant typed, since spam relays abuse registration forms to mail their text to strangers.</item>
/// <item><see cref="AlreadyMember"/>: AccessUrl (a profile link), ExpiresInDays, CommunityName.</item>
/// <item><see cref="AccessLink"/>: AccessUrl (an account link), ExpiresInMinutes, CommunityName.</item>
/// <item><see cref="EraseReceipt"/>: CommunityName, ErasedAt (already formatted).</item>
/// <item><see cref="DocumentPublished"/>: Title, DocumentUrl, CommunityName.</item>
/// <item><see cref="DocumentPendingReview"/>: Title, CommunityName.</item>
/// <item><see cref="DocumentRejected"/>: Title, ReasonCode (a <c>RejectionReason</c> name, explained by the
/// template in its language), Note (an operator's words, may be empty), CommunityName.</item>
/// <item><see cref="DocumentRemoved"/>: Title, Reason (an operator's words), CommunityName.</item>
/// <item><see cref="ConsoleSignIn"/>: SignInUrl (an operator's single-use console link), ExpiresInMinutes, CommunityName.</item>
/// <item><see cref="EventRegistered"/> and <see cref="EventPromoted"/>: Title, When (already formatted, in the organiser's
/// zone), EventUrl, OnlineUrl and Place (either may be empty), CommunityName.</item>
/// <item><see cref="EventWaitlisted"/>: Title, When, EventUrl, Position (on the waiting list, 1 first), CommunityName.</item>
/// <item><see cref="EventChanged"/> and <see cref="EventCancelled"/>: Title, When (as it is now), EventUrl, Place (may be
/// empty), CommunityName; the invitation or the cancellation travels as an attachment.</item>
/// <item><see cref="EventReminder"/>: Title, When (the start in the organiser's zone, already formatted), EventUrl,
/// Place (may be empty), OnlineUrl (the registered person's online link; may be empty), CommunityName.</item>
/// <item><see cref="EventFollowUp"/>: Title, When, EventUrl, ConsoleUrl, CommunityName (to the operators, after the end).</item>
/// <item><see cref="ProjectApproved"/>: Title, ProjectUrl, CommunityName (to the project's contact).</item>
/// <item><see cref="ProjectRejected"/>: Title, Note (the operators' words), ProjectUrl, EditUrl, CommunityName (to the project's contact).</item>
/// <item><see cref="ProjectSubmitted"/>: Title, ProjectId, ConsoleUrl, Resubmitted (true when a rejected project came
/// back changed), CommunityName (to the operators, when a project waits for review).</item>
/// <item><see cref="ProjectConfirm"/>: Title (the project's), EditUrl (its edit form, with a profile link's token),
/// LastConfirmedOn (already formatted), ExpiresInDays (the link's), CommunityName (to a project's contact, yearly).</item>
/// <item><see cref="WebhookDisabled"/>: WebhookId, Host (the target's host only), LastStatus (the last HTTP status, or empty
/// when there was no answer), Failures, ConsoleUrl, CommunityName (to the operators, when a webhook is disabled).</item>
/// </list>
/// CommunityName defaults to the configured <see cref="EmailOptions.CommunityName"/>.
/// </summary>
public enum EmailTemplate
{
    Confirmation,
    AlreadyMember,
    AccessLink,
    EraseReceipt,
    DocumentPublished,
    DocumentPendingReview,
    DocumentRejected,
    DocumentRemoved,
    ConsoleSignIn,
    EventRegistered,
    EventWaitlisted,
    EventPromoted,
    EventChanged,
    EventCancelled,
    EventReminder,
    EventFollowUp,
    ProjectApproved,
    ProjectRejected,
    ProjectSubmitted,
    ProjectConfirm,
    WebhookDisabled,
}

/// <summary>A rendered email: the subject, a complete HTML document and its plain-text alternative.</summary>
public sealed record ComposedEmail(string Subject, string HtmlBody, string TextBody)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>This email as a transactional message to <paramref name="address"/> (custom args: ids only, never personal data).</summary>
    public EmailMessage To(string address, string category, IReadOnlyDictionary<string, string> customArgs) =>
        new(new EmailAddress(address), Subject, HtmlBody, TextBody, category, customArgs, NoHeaders);
}
