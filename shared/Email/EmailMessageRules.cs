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
    }

    private static bool IsAnalyticsSafe(string value) => value.All(c => c is >= ' ' and <= '~' and not '@');

    private static bool IsHeaderNameCharacter(char c) => c is > ' ' and <= '~' and not ':';
}
