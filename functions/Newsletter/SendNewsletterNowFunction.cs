using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// POST /api/manage/newsletter/send (function key): sends the current period's issue now, through the same
/// ledger as the timer, so nobody gets it twice. Also releases a held issue and settles one that needs
/// attention; <c>{"resendUnknown": true}</c> sends batches of unknown outcome again (the admin checked
/// SendGrid's activity first).
/// </summary>
public sealed class SendNewsletterNowFunction(NewsletterService newsletter)
{
    [Function(nameof(SendNewsletterNow))]
    public async Task<IResult> SendNewsletterNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/newsletter/send")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var resendUnknown = false;
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var body = await JsonRequestBody.ReadAsync<SendNowRequest>(request, 1024, cancellationToken);
            if (body.Value is not { } options)
            {
                return body.Problem!;
            }

            resendUnknown = options.ResendUnknown ?? false;
        }

        var result = await newsletter.SendNowAsync(resendUnknown, cancellationToken);
        return result.Outcome == NewsletterRunOutcome.Busy
            ? Problems.Conflict("Another run is sending this issue right now; try again in a few minutes.")
            : TypedResults.Ok(NewsletterRunResponse.From(result));
    }

    public sealed record SendNowRequest(bool? ResendUnknown);
}

/// <summary>What a send did, for the admin.</summary>
public sealed record NewsletterRunResponse(
    string IssueId, string Outcome, int? Accepted, int? SentThisRun, int? Unknown, int? Refused, int? Waiting)
{
    public static NewsletterRunResponse From(NewsletterRunResult result) => new(
        result.IssueId,
        ToCamelCase(result.Outcome.ToString()),
        result.Report?.Accepted,
        result.Report?.SentThisRun,
        result.Report?.Unknown,
        result.Report?.Refused,
        result.Report?.NotAccepted);

    private static string ToCamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
