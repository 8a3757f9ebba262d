namespace CoP.Shared.Email;

/// <summary>A mailbox: the address, and optionally the name shown beside it.</summary>
public sealed record EmailAddress(string Address, string? DisplayName = null);

/// <summary>
/// One email to one recipient, as every sender takes it. <see cref="Category"/> and <see cref="CustomArgs"/>
/// travel to the provider's analytics, so they must never hold personal data (member ids are fine).
/// <see cref="Attachments"/> travel with it: none unless given (a calendar invitation, say).
/// </summary>
public sealed record EmailMessage(
    EmailAddress To,
    string Subject,
    string HtmlBody,
    string TextBody,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyDictionary<string, string> Headers)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];
}

/// <summary>What the provider answered when it accepted a message: its message id, when it gives one.</summary>
public sealed record EmailReceipt(string? ProviderMessageId);
