using System.Net.Mail;

namespace CoP.Shared.Email;

/// <summary>
/// What every sender checks before a message leaves: an address the provider will take, no line breaks where
/// a header could be smuggled in, and nothing that looks like an email address in the fields that reach the
/// provider's analytics. A message that fails here would fail on every retry, so it is an argument error.
/// </summary>
public static class EmailMessageRules
{
    public const int MaxSubjectLength = 250;
    public const int MaxCategoryLength = 255;

    /// <summary>At most this many attachments, of at most <see cref="MaxAttachmentBytes"/> together: invitations, not archives.</summary>
    public const int MaxAttachments = 5;

    public const int MaxAttachmentBytes = 256 * 1024;

    private const int MaxFileNameLength = 100;

    /// <summary>A bare address (no display name, no surrounding spaces) that <see cref="MailAddress"/> accepts.</summary>
    public static bool IsValidAddress(string? address) =>
        !string.IsNullOrEmpty(address)
        && address.Length <= 254
        && !address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailAddress.TryCreate(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal);

    public static void Validate(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.To);
        if (!IsValidAddress(message.To.Address))
        {
            // The address itself stays out of the message: exceptions end up in logs.
            throw new ArgumentException("The recipient is not a valid email address.", nameof(message));
        }

        if (message.To.DisplayName is { } displayName && displayName.Any(char.IsControl))
        {
            throw new ArgumentException("The recipient's display name must not contain control characters.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.Subject) || message.Subject.Length > MaxSubjectLength || message.Subject.Any(char.IsControl))
        {
            throw new ArgumentException($"The subject must be 1-{MaxSubjectLength} characters without line breaks.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.HtmlBody) || string.IsNullOrWhiteSpace(message.TextBody))
        {
            throw new ArgumentException("Both the HTML and the text body are required.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.Category) || message.Category.Length > MaxCategoryLength || !IsAnalyticsSafe(message.Category))
        {
            throw new ArgumentException(
                $"The category must be 1-{MaxCategoryLength} characters of printable ASCII without '@' (it must never carry personal data).",
                nameof(message));
        }

        ArgumentNullException.ThrowIfNull(message.CustomArgs);
        foreach (var (key, value) in message.CustomArgs)
        {
            if (string.IsNullOrWhiteSpace(key) || !IsAnalyticsSafe(key) || value is null || !IsAnalyticsSafe(value))
            {
                throw new ArgumentException(
                    $"Custom argument '{(IsAnalyticsSafe(key) ? key : "?")}' must be printable ASCII without '@' (it must never carry personal data).",
                    nameof(message));
            }
        }

        ArgumentNullException.ThrowIfNull(message.Headers);
        foreach (var (key, value) in message.Headers)
        {
            if (string.IsNullOrWhiteSpace(key) || !key.All(IsHeaderNameCharacter) || value is null || value.Any(char.IsControl))
            {
                throw new ArgumentException("Header names must be tokens and header values must not contain line breaks.", nameof(message));
            }
        }

        ValidateAttachments(message.Attachments);
    }

    private static void ValidateAttachments(IReadOnlyList<EmailAttachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments, nameof(EmailMessage.Attachments));
        if (attachments.Count > MaxAttachments || attachments.Sum(a => (long)a.Content.Length) > MaxAttachmentBytes)
        {
            throw new ArgumentException($"A message carries at most {MaxAttachments} attachments of {MaxAttachmentBytes} bytes together.", nameof(attachments));
        }

        foreach (var attachment in attachments)
        {
            if (attachment is null || attachment.Content.IsEmpty
                || string.IsNullOrWhiteSpace(attachment.FileName) || attachment.FileName.Length > MaxFileNameLength
                || !attachment.FileName.All(c => c is > ' ' and <= '~' and not ('/' or '\\' or '"' or ':'))
                || string.IsNullOrWhiteSpace(attachment.ContentType) || attachment.ContentType.Any(c => c is < ' ' or > '~')
                || !Enum.IsDefined(attachment.Disposition))
            {
                throw new ArgumentException(
                    $"An attachment needs content, a file name of 1-{MaxFileNameLength} printable ASCII characters without paths or quotes, and a media type on one line.",
                    nameof(attachments));
            }
        }
    }

    private static bool IsAnalyticsSafe(string value) => value.All(c => c is >= ' ' and <= '~' and not '@');

    private static bool IsHeaderNameCharacter(char c) => c is > ' ' and <= '~' and not ':';
}
