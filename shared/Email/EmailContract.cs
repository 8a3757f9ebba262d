namespace CoP.Shared.Email;

public sealed record EmailAddress(string Address, string? DisplayName = null);

public sealed record EmailMessage(
    EmailAddress To,
    string Subject,
    string HtmlBody,
    string TextBody,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyDictionary<string, string> Headers);

public interface IEmailSender
{
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed record EmailReceipt(string? ProviderMessageId);

public enum EmailTemplate
{
    Confirmation,
    AlreadyMember,
    AccessLink,
    EraseReceipt,
}

public sealed record ComposedEmail(string Subject, string HtmlBody, string TextBody);

public sealed class EmailDeliveryException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}

public sealed class EmailComposer
{
    private readonly string _community = "CoP";

    public ComposedEmail Compose(EmailTemplate template, string? language, object model) =>
        new($"{_community} {template} {language}", $"<p>{template}</p>", $"{template} {System.Text.Json.JsonSerializer.Serialize(model)}");
}

public sealed class EmailOptions
{
    public string CommunityName { get; set; } = "Climate-Soil Community of Practice";
}
