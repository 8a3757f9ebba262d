using SendGrid;
using SendGrid.Helpers.Mail;

namespace CoP.Shared.Email;

/// <summary>
/// The one mapping from our mail to SendGrid's v3 mail/send request, and the one client set-up, for the mail queue's
/// single messages and the newsletter's batches alike; each caller keeps its own retry rules (in its named HTTP client)
/// and its own reading of the answer.
/// </summary>
internal static class SendGridMessages
{
    /// <summary>
    /// A client over the named HTTP client and its resilience pipeline. A client per send is cheap: the factory pools
    /// the handlers (and connections), and SendGridClient keeps nothing but its options (it would throw on an empty key,
    /// which is why callers check the key first).
    /// </summary>
    public static SendGridClient Client(IHttpClientFactory httpClients, string httpClientName, EmailOptions options) =>
        new(httpClients.CreateClient(httpClientName), new SendGridClientOptions
        {
            ApiKey = options.SendGridApiKey,
            Host = options.SendGridHost!.ToString().TrimEnd('/'),
        });

    /// <summary>
    /// The request for <paramref name="email"/> from the configured sender (and reply-to) to
    /// <paramref name="personalizations"/>. <paramref name="customArgs"/> and <paramref name="headers"/> are the
    /// message's own, shared by every personalization; a personalization can carry its own as well.
    /// </summary>
    public static SendGridMessage Message(
        EmailOptions options,
        ComposedEmail email,
        string category,
        IEnumerable<Personalization> personalizations,
        IReadOnlyDictionary<string, string>? customArgs = null,
        IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyList<EmailAttachment>? attachments = null)
    {
        var message = new SendGridMessage
        {
            From = Address(options.FromAddress!, options.FromName),
            Subject = email.Subject,
            PlainTextContent = email.TextBody,
            HtmlContent = email.HtmlBody,
            Personalizations = [.. personalizations],

            // Set on the message itself: the library's Add* helpers would put them into the first personalization.
            Categories = [category],
            CustomArgs = Copy(customArgs),
            Headers = Copy(headers),
            Attachments = attachments is { Count: > 0 } ? [.. attachments.Select(Attachment)] : null,
        };
        if (!string.IsNullOrWhiteSpace(options.ReplyToAddress))
        {
            message.ReplyTo = new SendGrid.Helpers.Mail.EmailAddress(options.ReplyToAddress);
        }

        return message;
    }

    /// <summary>One recipient, with what is theirs alone: links as substitutions, custom args and headers.</summary>
    public static Personalization To(
        EmailAddress recipient,
        IReadOnlyDictionary<string, string>? customArgs = null,
        IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? substitutions = null) => new()
        {
            Tos = [Address(recipient.Address, recipient.DisplayName)],
            CustomArgs = Copy(customArgs),
            Headers = Copy(headers),
            Substitutions = Copy(substitutions),
        };

    // An inline part is referred to by its content id, which is its file name.
    private static Attachment Attachment(EmailAttachment attachment) => new()
    {
        Filename = attachment.FileName,
        Type = attachment.ContentType,
        Content = attachment.ContentBase64,
        Disposition = attachment.DispositionName,
        ContentId = attachment.Disposition == AttachmentDisposition.Inline ? attachment.FileName : null,
    };

    private static SendGrid.Helpers.Mail.EmailAddress Address(string address, string? name) =>
        new(address, string.IsNullOrWhiteSpace(name) ? null : name);

    // Absent rather than empty, so that the request carries no empty objects.
    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? values) =>
        values is { Count: > 0 } ? new Dictionary<string, string>(values, StringComparer.Ordinal) : null;
}
