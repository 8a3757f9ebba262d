using CoP.Shared.Email;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// Composes and sends the membership's transactional emails with personal links. Categories and custom
/// args carry only the kind of email and the member id, never an address or a name.
/// </summary>
public sealed class MemberMailer(
    IEmailSender sender,
    EmailComposer composer,
    MemberTokenService tokens,
    IOptions<MembershipOptions> membership,
    IOptions<EmailOptions> email)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public Task SendConfirmationAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var model = new
        {
            ConfirmUrl = ApiLink("registrations/confirm", tokens.Issue(member.MemberId, TokenPurpose.Confirm)),
            ExpiresInDays = Days(TokenPurpose.Confirm),
            email.Value.CommunityName,
        };
        return SendAsync(member, EmailTemplate.Confirmation, "confirmation", model, cancellationToken);
    }

    public Task SendAlreadyMemberAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var model = new { AccessUrl = AccessLink(member.MemberId), ExpiresInDays = Days(TokenPurpose.Access), email.Value.CommunityName };
        return SendAsync(member, EmailTemplate.AlreadyMember, "already-member", model, cancellationToken);
    }

    public Task SendAccessLinkAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var model = new { AccessUrl = AccessLink(member.MemberId), ExpiresInDays = Days(TokenPurpose.Access), email.Value.CommunityName };
        return SendAsync(member, EmailTemplate.AccessLink, "access-link", model, cancellationToken);
    }

    public Task SendEraseReceiptAsync(MemberEntity erased, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        var model = new { email.Value.CommunityName, ErasedAt = erasedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) };
        return SendAsync(erased, EmailTemplate.EraseReceipt, "erase-receipt", model, cancellationToken);
    }

    /// <summary>The personal access link (a web page when one is configured, else the API's profile route).</summary>
    public string AccessLink(string memberId)
    {
        var token = tokens.Issue(memberId, TokenPurpose.Access);
        return membership.Value.AccessPageUrl is { } page ? WithToken(page.ToString(), token) : ApiLink("members/me", token);
    }

    /// <summary>The personal link to a poll's ballot page (an access token: it lets the member vote).</summary>
    public string PollLink(string memberId, string pollId) => ApiLink($"polls/{Uri.EscapeDataString(pollId)}", tokens.Issue(memberId, TokenPurpose.Access));

    /// <summary>The personal unsubscribe link (also the RFC 8058 one-click URL).</summary>
    public string UnsubscribeLink(string memberId) => ApiLink("unsubscribe", tokens.Issue(memberId, TokenPurpose.Unsubscribe));

    private string ApiLink(string route, string token) =>
        WithToken($"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/{route}", token);

    private static string WithToken(string url, string token) =>
        $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}token={Uri.EscapeDataString(token)}";

    private int Days(TokenPurpose purpose) => (int)Math.Round(tokens.Lifetime(purpose).TotalDays);

    private async Task SendAsync(MemberEntity member, EmailTemplate template, string category, object model, CancellationToken cancellationToken)
    {
        var composed = composer.Compose(template, member.Language, model);
        var message = new EmailMessage(
            new EmailAddress(member.Email),
            composed.Subject,
            composed.HtmlBody,
            composed.TextBody,
            category,
            new Dictionary<string, string> { ["memberId"] = member.MemberId },
            NoHeaders);
        await sender.SendAsync(message, cancellationToken);
    }
}
