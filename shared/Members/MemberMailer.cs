using System.Globalization;
using CoP.Shared.Email;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// Composes the membership's transactional emails with their personal links, and makes the links the newsletter
/// carries. Each link is as narrow as its mail's job (<see cref="TokenPurpose"/>). Categories and custom args carry
/// only the kind of email and the member id, never an address or a name. Sending is the mail queue's job.
/// </summary>
public sealed class MemberMailer(
    EmailComposer composer,
    MemberTokenService tokens,
    IOptions<MembershipOptions> membership,
    IOptions<EmailOptions> email)
{

    /// <summary>The message of a membership mail decided for a member.</summary>
    public EmailMessage Compose(MemberMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var member = mail.Member;
        return mail.Kind switch
        {
            MemberMailKind.Confirmation => Message(member, EmailTemplate.Confirmation, "confirmation", new
            {
                // The link's lifetime counts from the send the row records, not from when this delivery composes it (a
                // retried delivery composes it again later): so the link expires when the purge of expired
                // registrations says it has.
                ConfirmUrl = ApiLink("registrations/confirm", tokens.Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Confirm, issuedAt: member.ConfirmationSentAt)),
                ExpiresInDays = Days(TokenPurpose.Confirm),
                email.Value.CommunityName,
            }),

            // Anyone can type a member's address into the form: the answer is a profile link, never an account link.
            MemberMailKind.AlreadyMember => Message(member, EmailTemplate.AlreadyMember, "already-member", new
            {
                AccessUrl = ProfileLink(member.MemberId, member.LinkGeneration),
                ExpiresInDays = Days(TokenPurpose.Profile),
                email.Value.CommunityName,
            }),

            // The answer to a member's own request: an account link, which lives at most an hour.
            MemberMailKind.AccessLink => Message(member, EmailTemplate.AccessLink, "access-link", new
            {
                AccessUrl = AccountLink(member.MemberId, member.LinkGeneration),
                ExpiresInMinutes = (int)Math.Round(tokens.Lifetime(TokenPurpose.Account).TotalMinutes),
                email.Value.CommunityName,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(mail), mail.Kind, "Unknown membership mail."),
        };
    }

    /// <summary>The receipt of an erase, to the address that was erased: it names no member, since none exists any more.</summary>
    public EmailMessage ComposeEraseReceipt(string address, string language, DateTimeOffset erasedAt)
    {
        var composed = composer.Compose(EmailTemplate.EraseReceipt, language, new
        {
            email.Value.CommunityName,
            ErasedAt = erasedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        });
        return composed.To(address, "erase-receipt", new Dictionary<string, string>());
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

    private EmailMessage Message(MemberEntity member, EmailTemplate template, string category, object model)
    {
        return composer.Compose(template, member.Language, model)
            .To(member.Email, category, new Dictionary<string, string> { ["memberId"] = member.MemberId });
    }
}
