using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/unsubscribe: unsubscribes at once from the newsletter only. Takes the token from the query
/// (RFC 8058 one-click: body <c>List-Unsubscribe=One-Click</c>) or from a <c>token</c> form field, or, from the
/// unsubscribe page, the browser's session (its cookie and the form's anti-forgery field); the page then goes to the
/// "unsubscribed" page (post/redirect/get).
/// </summary>
public sealed class UnsubscribeFunction(MemberAccountService accounts, MemberSessions sessions, IOptions<MembershipOptions> options)
{
    /// <summary>The unsubscribe page's address, where its form posts and, with <c>?done=1</c>, the outcome shows.</summary>
    public const string Path = "/api/unsubscribe";

    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(Unsubscribe))]
    public async Task<IResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = MemberTokens.FromQuery(request);
        if (token is null && request.HasFormContentType)
        {
            switch (await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken))
            {
                case FormOrJsonBody.Refused { Problem: var problem }:
                    return problem;
                case FormOrJsonBody.Form { Fields: var form } when !form.ContainsKey("token") && form.ContainsKey(MemberSessions.FormTokenField):
                    return await UnsubscribeSessionAsync(request, form, cancellationToken);
                case FormOrJsonBody.Form { Fields: var form }:
                    // A repeated token field is no token: the answer is the invalid link's.
                    token = FormOrJsonBody.OneValue(form, "token", new FieldErrors());
                    break;
            }
        }

        return await accounts.AuthenticateAsync(token, MemberAction.Unsubscribe, cancellationToken: cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await UnsubscribeAsync(request, member, cancellationToken),
            MemberAuthentication.Refused => FormOrJsonBody.AcceptsHtml(request) ? InvalidLinkPage() : MemberTokens.Unauthorized(),
            _ => throw new UnreachableException(),
        };
    }

    public static IResult InvalidLinkPage() => HtmlPages.NewLink(NewLinkReason.UnsubscribeInvalid);

    private async Task<IResult> UnsubscribeSessionAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        switch (await sessions.AuthenticateFormAsync(request, form, MemberAction.Unsubscribe, cancellationToken: cancellationToken))
        {
            case MemberSession.Open { Member: var member }:
                if (await accounts.UnsubscribeAsync(member.MemberId, RequestOrigins.From(request, "page"), cancellationToken) is AccountChange.Conflict)
                {
                    return ProfilePage.ChangedMeanwhile();
                }

                return options.Value.UnsubscribedPageUrl is { } page ? HtmlPages.SeeOther(page) : HtmlPages.SeeOther($"{Path}?done=1");
            case MemberSession.Forged:
                return ProfilePage.FormExpired();
            case MemberSession.None:
                return InvalidLinkPage();
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> UnsubscribeAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken)
    {
        if (await accounts.UnsubscribeAsync(member.MemberId, RequestOrigins.From(request, "unsubscribe"), cancellationToken) is AccountChange.Conflict)
        {
            return Problems.Conflict("The subscription was being changed at the same time; try again.");
        }

        if (!FormOrJsonBody.AcceptsHtml(request))
        {
            // One-click clients need only a 2xx.
            return TypedResults.Ok(new { status = "unsubscribed" });
        }

        return options.Value.UnsubscribedPageUrl is { } page
            ? HtmlPages.SeeOther(page)
            : HtmlPages.Page(StatusCodes.Status200OK, "unsubscribed", _ => new { }, memberLanguage: member.Language);
    }
}
