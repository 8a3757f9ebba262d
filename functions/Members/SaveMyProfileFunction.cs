using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/me: the profile page's form (HTML forms cannot PATCH), posted with the session's cookie and
/// anti-forgery field. The same change and rules as PATCH /api/members/me; saved, the browser goes back to the page
/// (303 to <c>?saved=1</c>); refused, the form comes back with the values kept and the fields marked (400).
/// </summary>
public sealed class SaveMyProfileFunction(MemberAccountService accounts, MemberSessions sessions, TopicStore topics, ProjectStore projects)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(SaveMyProfile))]
    public async Task<IResult> SaveMyProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await SessionForm.ReadAsync(request, sessions, MaxBodyBytes, MemberAction.ChangeProfile, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session, Fields: var fields } => await SaveAsync(request, session, fields, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SaveAsync(HttpRequest request, MemberSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        switch (ProfileForm.Read(fields))
        {
            case Validated<ProfileForm>.Invalid { Errors: var errors }:
                // A field sent twice is no one value to keep: the form shows the stored ones.
                return ProfilePage.Refused(
                    StatusCodes.Status400BadRequest, session, await topics.ListActiveAsync(cancellationToken), await MyProjectsAsync(session, cancellationToken), ProfileForm.Of(session.Member.ToMember()), errors.Keys);
            case Validated<ProfileForm>.Valid { Value: var form }:
                return await ChangeAsync(request, session, form, cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, MemberSession.Open session, ProfileForm form, CancellationToken cancellationToken) =>
        await accounts.ChangeProfileAsync(session.Member.ToMember(), form.ToPatch(), RequestOrigins.From(request, "page"), cancellationToken) switch
        {
            ProfileChangeResult.Changed => HtmlPages.SeeOther($"{ProfilePage.Path}?saved=1"),
            ProfileChangeResult.Invalid { Errors: var errors } =>
                ProfilePage.Refused(
                    StatusCodes.Status400BadRequest, session, await topics.ListActiveAsync(cancellationToken), await MyProjectsAsync(session, cancellationToken), form, errors.Keys),
            ProfileChangeResult.Conflict =>
                ProfilePage.Refused(
                    StatusCodes.Status409Conflict, session, await topics.ListActiveAsync(cancellationToken), await MyProjectsAsync(session, cancellationToken), form, []),
            ProfileChangeResult.NotFound => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };

    private Task<IReadOnlyList<Project>> MyProjectsAsync(MemberSession.Open session, CancellationToken cancellationToken) =>
        projects.ListByContactAsync(session.Member.MemberId, cancellationToken);
}
