using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Reminders;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Contacts;

/// <summary>A confirmation mail as it waits in the mail queue: ids and the period it asks about, no address.</summary>
public sealed record QueuedProjectConfirmation(string ProjectId, string MemberId, DateTimeOffset LastConfirmedAt);

/// <summary>The kind of the yearly confirmation mail and its id (derived, so that a mail queued twice goes out once).</summary>
public static class ProjectConfirmationMails
{
    public const string Kind = "project-confirm";

    public static string Key(QueuedProjectConfirmation mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return $"{mail.ProjectId}|{mail.LastConfirmedAt.UtcTicks}|{mail.MemberId}";
    }
}

/// <summary>
/// A queued confirmation mail becomes the contact's mail, or nothing: when the project is gone or rejected, when it was
/// confirmed since the mail was queued (its period is over), when the member no longer answers for it (an erase, a new
/// contact), or when the member is gone or unconfirmed. The link opens the project's edit form, where one button says the
/// record is still current, with a profile link's token (the member's session for the form; it lives as a profile link does).
/// </summary>
public sealed class ProjectConfirmationMailPreparer(
    ProjectStore projects, MemberStore members, MemberTokenService tokens, EmailComposer composer, IOptions<MembershipOptions> membership) : IMailPreparer
{
    public string Kind => ProjectConfirmationMails.Kind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mail = request.PayloadAs<QueuedProjectConfirmation>();
        var stored = await projects.GetAsync(mail.ProjectId, cancellationToken);
        if (stored?.Project is not { Review: not ProjectReview.Rejected } p || !p.IsOwnedBy(mail.MemberId) || p.LastConfirmedAt != mail.LastConfirmedAt)
        {
            return null;
        }

        if (await members.GetAsync(mail.MemberId, cancellationToken) is not { MemberStatus: MemberStatus.Confirmed } member)
        {
            return null;
        }

        var token = tokens.Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        var baseUrl = membership.Value.PublicApiBaseUrl?.ToString().TrimEnd('/')
            ?? throw new InvalidOperationException("Membership__PublicApiBaseUrl is not set, so the confirmation mail cannot link to the project.");
        return composer.Compose(EmailTemplate.ProjectConfirm, member.Language, new
        {
            p.TextIn(member.Language).Title,
            EditUrl = $"{baseUrl}/api/projects/{p.ProjectId}/edit?token={Uri.EscapeDataString(token)}",
            LastConfirmedOn = EventTimes.Date(p.LastConfirmedAt, "UTC", member.Language),
            ExpiresInDays = (int)Math.Round(tokens.Lifetime(TokenPurpose.Profile).TotalDays),
        }).To(member.Email, ProjectConfirmationMails.Kind, new Dictionary<string, string>
        {
            ["memberId"] = member.MemberId,
            ["projectId"] = p.ProjectId,
        });
    }
}
