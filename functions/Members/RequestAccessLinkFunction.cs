using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/members/access-link: emails a fresh personal link to a member (or the confirmation again to a
/// pending registration). Answers the same for unknown addresses, in the same time (the request is only queued);
/// limited per client and overall, and per address when delivered.
/// </summary>
public sealed class RequestAccessLinkFunction(RegistrationService registrations, IOptions<MembershipOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RequestAccessLink))]
    public async Task<IResult> RequestAccessLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "members/access-link")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var email = body.Json is not null ? EmailFromJson(body.Json, errors) : FormOrJsonBody.OneValue(body.Form!, "email", errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await registrations.RequestAccessLinkAsync(email, ClientAddresses.LimitKey(request), cancellationToken);
        return RegistrationAnswers.For(request, result, options.Value.ThankYouPageUrl);
    }

    private static string? EmailFromJson(byte[] json, Dictionary<string, string[]> errors)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                errors["body"] = ["A JSON object is required."];
                return null;
            }

            if (!document.RootElement.TryGetProperty("email", out var value) || value.ValueKind != System.Text.Json.JsonValueKind.String)
            {
                errors["email"] = ["The email address is required (a string)."];
                return null;
            }

            return value.GetString();
        }
        catch (System.Text.Json.JsonException)
        {
            errors["body"] = ["The body is not valid JSON."];
            return null;
        }
    }
}
