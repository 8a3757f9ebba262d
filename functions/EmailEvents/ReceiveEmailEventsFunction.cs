using CoP.Functions.Http;
using CoP.Shared.EmailEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.EmailEvents;

/// <summary>
/// POST /api/email-events: SendGrid's Signed Event Webhook. Anonymous at the host; the ECDSA signature over the
/// timestamp and raw body is what lets a post in. A 2xx tells SendGrid to stop; a 500 (any exception) makes it
/// deliver the post again, which is safe because each event takes effect once.
/// </summary>
public sealed class ReceiveEmailEventsFunction(EmailEventReceiver receiver, IOptions<EmailEventOptions> options)
{
    [Function(nameof(ReceiveEmailEvents))]
    public async Task<IResult> ReceiveEmailEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "email-events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBodyBytes;
        var body = await BoundedBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(maxBytes);
        }

        var check = receiver.CheckSignature(
            request.Headers[EmailEventSignature.TimestampHeader].ToString(),
            request.Headers[EmailEventSignature.SignatureHeader].ToString(),
            body);
        if (check != SignatureCheck.Valid)
        {
            return Unauthorized(check);
        }

        if (EmailEvent.ParseBatch(body) is not { } events)
        {
            return Problems.Validation("body", "A JSON array of events is required.");
        }

        var report = await receiver.ApplyAsync(events, cancellationToken);
        if (report.InProgress > 0)
        {
            // Another delivery of the same events (SendGrid's retries overlap) is applying some of them: SendGrid
            // delivers the post again, and then finds them applied.
            return Problems.ServiceUnavailable(
                "Some events of this post are being applied by another delivery of it; deliver the post again.",
                new Dictionary<string, object?>
                {
                    ["received"] = report.Received,
                    ["applied"] = report.Applied,
                    ["duplicates"] = report.Duplicates,
                    ["ignored"] = report.Ignored,
                    ["inProgress"] = report.InProgress,
                });
        }

        return TypedResults.Ok(report);
    }

    private static ProblemHttpResult Unauthorized(SignatureCheck check) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: check == SignatureCheck.NotConfigured ? "The email event webhook is not configured." : "The request is not signed by SendGrid.",
        detail: check switch
        {
            SignatureCheck.NotConfigured => "This app has no verification key for SendGrid's Signed Event Webhook, so it accepts no events.",
            SignatureCheck.MissingHeaders => $"The {EmailEventSignature.SignatureHeader} and {EmailEventSignature.TimestampHeader} headers are required.",
            SignatureCheck.OutsideMaxAge => "The signed timestamp is too old or in the future.",
            _ => "The signature does not match the timestamp and body.",
        });
}
