using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/unsubscribe: unsubscribes at once from the newsletter only. Takes the token from the query
/// (RFC 8058 one-click: body <c>List-Unsubscribe=One-Click</c>) or from the page's form field.
/// </summary>
public sealed class UnsubscribeFunction(MemberAccountService accounts, IOptions<MembershipOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(Unsubscribe))]
    public async Task<IResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = MemberTokens.FromQuery(request);
        if (token is null && request.HasFormContentType)
        {
            var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            token = body.Form is { } form ? FormOrJsonBody.OneValue(form, "token", []) : null;
        }

        var (_, member) = await accounts.AuthenticateAsync(token, MemberAction.Unsubscribe, cancellationToken: cancellationToken);
        if (member is null)
        {
            return FormOrJsonBody.AcceptsHtml(request) ? InvalidLinkPage() : MemberTokens.Unauthorized();
        }

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
            : HtmlPages.Page(StatusCodes.Status200OK, "unsubscribed");
    }

    public static IResult InvalidLinkPage() => HtmlPages.NewLink(NewLinkReason.UnsubscribeInvalid);
}
