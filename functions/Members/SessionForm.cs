using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// A form that a member's page posts on behalf of its session (cookie and anti-forgery field): the session and the
/// fields, or the answer for a browser when there is none (the link-expired page, 401), the form is forged (403), or
/// the body cannot be read (4xx problem).
/// </summary>
public abstract record SessionForm
{
    private SessionForm()
    {
    }

    public sealed record Posted(MemberSession.Open Session, IFormCollection Fields) : SessionForm;

    public sealed record Refused(IResult Answer) : SessionForm;

    public static Task<SessionForm> ReadAsync(
        HttpRequest request, MemberSessions sessions, int maxBytes, MemberAction action, CancellationToken cancellationToken) =>
        ReadAsync(request, sessions, maxBytes, FormOrJsonBody.DefaultMaxValues, action, cancellationToken);

    /// <summary>As above, for a form of more than <see cref="FormOrJsonBody.DefaultMaxValues"/> values.</summary>
    public static async Task<SessionForm> ReadAsync(
        HttpRequest request, MemberSessions sessions, int maxBytes, int maxValues, MemberAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return await FormOrJsonBody.ReadAsync(request, maxBytes, maxValues, cancellationToken) switch
        {
            FormOrJsonBody.Form { Fields: var fields } => await sessions.AuthenticateFormAsync(request, fields, action, cancellationToken: cancellationToken) switch
            {
                MemberSession.Open open => new Posted(open, fields),
                MemberSession.Forged => new Refused(ProfilePage.FormExpired()),
                MemberSession.None => new Refused(ProfilePage.LinkExpired()),
                _ => throw new UnreachableException(),
            },
            FormOrJsonBody.Json => new Refused(Problems.UnsupportedMediaType("application/x-www-form-urlencoded or multipart/form-data")),
            FormOrJsonBody.Refused { Problem: var problem } => new Refused(problem),
            _ => throw new UnreachableException(),
        };
    }
}
