using System.Text;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Delivery;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// What every copy of an issue carries besides its body, the same whichever transport sends it: the RFC 8058
/// one-click unsubscribe headers with the member's own link, the RFC 2919 <c>List-Id</c>, the category, and
/// custom args that name the issue, the batch and the member (ids only: no personal data reaches the
/// provider's analytics). The Event Webhook returns the custom args with every event.
/// </summary>
public sealed class NewsletterMessages(IOptions<NewsletterOptions> options, IOptions<EmailOptions> email, IOptions<MembershipOptions> membership)
{
    public const string Category = "newsletter";
    public const string IssueIdArg = "issueId";
    public const string BatchIdArg = "batchId";
    public const string MemberIdArg = "memberId";

    /// <summary>The <c>List-Id</c> header: the community's name and the list identifier.</summary>
    public string ListIdHeader { get; } = $"{Phrase(email.Value.CommunityName)} <{ListIdentifier(options.Value, membership.Value)}>";

    public IReadOnlyDictionary<string, string> GlobalHeaders => new Dictionary<string, string>(StringComparer.Ordinal) { ["List-Id"] = ListIdHeader };

    public static IReadOnlyDictionary<string, string> RecipientHeaders(NewsletterRecipient recipient) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["List-Unsubscribe"] = $"<{recipient.UnsubscribeUrl}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    public static IReadOnlyDictionary<string, string> BatchArgs(NewsletterBatch batch) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [IssueIdArg] = batch.IssueId,
        [BatchIdArg] = batch.BatchId,
    };

    /// <summary>One recipient's copy as a whole message, slot markers replaced (the outbox and previews use it).</summary>
    public EmailMessage ForRecipient(NewsletterBatch batch, NewsletterRecipient recipient)
    {
        var headers = new Dictionary<string, string>(GlobalHeaders, StringComparer.Ordinal);
        foreach (var (name, value) in RecipientHeaders(recipient))
        {
            headers[name] = value;
        }

        var args = new Dictionary<string, string>(BatchArgs(batch), StringComparer.Ordinal) { [MemberIdArg] = recipient.MemberId };
        var copy = Substitute(batch.Email, recipient.Substitutions);
        return new EmailMessage(recipient.Address, copy.Subject, copy.HtmlBody, copy.TextBody, Category, args, headers);
    }

    /// <summary>
    /// An email with its slot markers replaced by one recipient's links, as SendGrid replaces a personalization's
    /// substitutions: every occurrence of each key, anywhere. That is safe only because the keys are the markers
    /// of <see cref="NewsletterSlots"/>, which no typed text can contain.
    /// </summary>
    public static ComposedEmail Substitute(ComposedEmail email, IReadOnlyDictionary<string, string> substitutions) => new(
        Substitute(email.Subject, substitutions), Substitute(email.HtmlBody, substitutions), Substitute(email.TextBody, substitutions));

    private static string Substitute(string text, IReadOnlyDictionary<string, string> substitutions)
    {
        if (substitutions.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        foreach (var (marker, value) in substitutions)
        {
            builder.Replace(marker, value);
        }

        return builder.ToString();
    }

    private static string ListIdentifier(NewsletterOptions options, MembershipOptions membership)
    {
        if (!string.IsNullOrWhiteSpace(options.ListId))
        {
            return options.ListId.Trim();
        }

        // A list id needs a dot; "localhost" in development becomes "newsletter.localhost.local".
        var host = membership.PublicApiBaseUrl?.Host is { Length: > 0 } name ? name : "localhost";
        return "newsletter." + (host.Contains('.', StringComparison.Ordinal) ? host : host + ".local");
    }

    // The list's name is a phrase in the header: quoted so that commas or parentheses in it stay harmless.
    private static string Phrase(string name) => $"\"{name.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal)}\"";
}
