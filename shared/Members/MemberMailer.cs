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
            ConfirmUrl = ApiLink("registrations/confirm", tokens.Issue(member, TokenPurpose.Confirm)),
            ExpiresInDays = Days(TokenPurpose.Confirm),
            email.Value.CommunityName,
        };
        return SendAsync(member, EmailTemplate.Confirmation, "confirmation", model, cancellationToken);
    }

    /// <summary>To a registration of an address that is already a member's: their profile link (never an account link, since anyone can type an address).</summary>
    public Task SendAlreadyMemberAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var model = new { AccessUrl = ProfileLink(member.MemberId, member.LinkGeneration), ExpiresInDays = Days(TokenPurpose.Profile), email.Value.CommunityName };
        return SendAsync(member, EmailTemplate.AlreadyMember, "already-member", model, cancellationToken);
    }

    /// <summary>The answer to a member's own request for a link: an account link, which lives at most an hour.</summary>
    public Task SendAccessLinkAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        var model = new { AccessUrl = AccountLink(member.MemberId, member.LinkGeneration), ExpiresInMinutes = (int)Math.Round(tokens.Lifetime(TokenPurpose.Account).TotalMinutes), email.Value.CommunityName };
        return SendAsync(member, EmailTemplate.AccessLink, "access-link", model, cancellationToken);
    }

    public Task SendEraseReceiptAsync(MemberEntity erased, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        var model = new { email.Value.CommunityName, ErasedAt = erasedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) };
        return SendAsync(erased, EmailTemplate.EraseReceipt, "erase-receipt", model, cancellationToken);
    }

    /// <summary>The member's profile link (a web page when one is configured, else the API's profile route).</summary>
    public string ProfileLink(string memberId, int generation) => MemberPageLink(tokens.Issue(memberId, generation, TokenPurpose.Profile));

    /// <summary>The member's account link: export, erase and revoke too, for an hour.</summary>
    public string AccountLink(string memberId, int generation) => MemberPageLink(tokens.Issue(memberId, generation, TokenPurpose.Account));

    /// <summary>The member's link to one poll's ballot page: a vote token for that poll only.</summary>
    public string PollLink(string memberId, int generation, string pollId) =>
        ApiLink($"polls/{Uri.EscapeDataString(pollId)}", tokens.Issue(memberId, generation, TokenPurpose.Vote, pollId));

    /// <summary>The member's unsubscribe link (also the RFC 8058 one-click URL).</summary>
    public string UnsubscribeLink(string memberId, int generation) => ApiLink("unsubscribe", tokens.Issue(memberId, generation, TokenPurpose.Unsubscribe));

    private string MemberPageLink(string token) =>
        membership.Value.AccessPageUrl is { } page ? WithToken(page.ToString(), token) : ApiLink("members/me", token);

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
