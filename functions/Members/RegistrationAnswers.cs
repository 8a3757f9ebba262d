using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// The one answer a registration or access-link request gets once it is queued, whatever the address's state
/// (the mail is decided and sent later, by DeliverEmail): 202 JSON for scripts; for browser form posts a 303 to
/// the configured page or a small HTML page. Over a limit, <see cref="Limited"/>.
/// </summary>
public static class RegistrationAnswers
{
    private const string Message = "Thank you. If the address can be registered, a message is on its way: please check your inbox (and your spam folder).";

    /// <summary>The answer to a request that queues a membership mail: accepted (also when a bot trap ignored it), 400, or 429.</summary>
    public static IResult For(HttpRequest request, MailRequestResult result, Uri? browserPage) => result switch
    {
        MailRequestResult.Queued or MailRequestResult.Ignored => Accepted(request, browserPage),
        MailRequestResult.Invalid { Errors: var errors } => Problems.Validation(errors.ToDictionary()),
        MailRequestResult.Limited { RetryAfter: var retryAfter } => Limited(request, retryAfter),
        _ => throw new UnreachableException(),
    };

    public static IResult Accepted(HttpRequest request, Uri? browserPage)
    {
        if (FormOrJsonBody.IsBrowserFormPost(request))
        {
            return browserPage is not null
                ? HtmlPages.SeeOther(browserPage)
                : HtmlPages.Page(StatusCodes.Status200OK, "check-inbox");
        }

        return TypedResults.Json(new AcceptedResponse("accepted", Message), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// The answer when a limit holds, the same whichever limit and whatever address was sent: 429 with
    /// <c>Retry-After</c>, as problem details for scripts and as a small page for browser form posts.
    /// </summary>
    public static IResult Limited(HttpRequest request, TimeSpan retryAfter)
    {
        if (!FormOrJsonBody.IsBrowserFormPost(request))
        {
            return Problems.TooManyRequests(retryAfter);
        }

        var minutes = (int)Math.Ceiling(Math.Max(retryAfter.TotalMinutes, 1));
        request.HttpContext.Response.Headers.RetryAfter = Problems.RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return HtmlPages.Page(StatusCodes.Status429TooManyRequests, "try-later", new { Minutes = minutes });
    }

    public sealed record AcceptedResponse(string Status, string Message);
}
