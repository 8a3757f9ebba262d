using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/registrations/confirm: confirms a registration (idempotent). The token comes as the <c>token</c> field
/// of the confirmation page's form or of a JSON body, never from the query: a link alone confirms nothing.
/// </summary>
public sealed class ConfirmRegistrationFunction(ConfirmationService confirmations, IOptions<MembershipOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(ConfirmRegistration))]
    public async Task<IResult> ConfirmRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var token = body.Json is not null ? TokenFromJson(body.Json, errors) : FormOrJsonBody.OneValue(body.Form!, "token", errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var browser = FormOrJsonBody.IsBrowserFormPost(request);
        var result = await confirmations.ConfirmAsync(token, RequestOrigins.From(request, browser ? "link" : "api"), cancellationToken);
        var confirmed = result is ConfirmationResult.Confirmed or ConfirmationResult.AlreadyConfirmed;
        var expired = result is ConfirmationResult.Expired;
        if (!browser)
        {
            return confirmed
                ? TypedResults.Ok(new ConfirmedResponse("confirmed"))
                : Problems.Validation("token", expired
                    ? "The confirmation link has expired; register again or request a new link."
                    : "The confirmation link is not valid.");
        }

        if (confirmed)
        {
            // Post/redirect/get: a reload of the answer does not post the form again.
            return options.Value.ConfirmedPageUrl is { } page ? HtmlPages.SeeOther(page) : ConfirmedPage();
        }

        return HtmlPages.NewLink(expired ? NewLinkReason.ConfirmationExpired : NewLinkReason.ConfirmationInvalid);
    }

    public static IResult ConfirmedPage() => HtmlPages.Page(StatusCodes.Status200OK, "welcome");

    private static string? TokenFromJson(byte[] json, Dictionary<string, string[]> errors)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["A JSON object is required."];
                return null;
            }

            if (!document.RootElement.TryGetProperty("token", out var value) || value.ValueKind != JsonValueKind.String)
            {
                errors["token"] = ["The token of the confirmation link is required (a string)."];
                return null;
            }

            return value.GetString();
        }
        catch (JsonException)
        {
            errors["body"] = ["The body is not valid JSON."];
            return null;
        }
    }

    public sealed record ConfirmedResponse(string Status);
}
