using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
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
        return await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            FormOrJsonBody.Json { Bytes: var json } => await RequestAsync(request, EmailFromJson(json), cancellationToken),
            FormOrJsonBody.Form { Fields: var form } => await RequestAsync(request, EmailFromForm(form), cancellationToken),
            FormOrJsonBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RequestAsync(HttpRequest request, Validated<string?> email, CancellationToken cancellationToken) =>
        email switch
        {
            Validated<string?>.Valid { Value: var address } => RegistrationAnswers.For(
                request,
                await registrations.RequestAccessLinkAsync(address, ClientAddresses.LimitKey(request), cancellationToken),
                options.Value.ThankYouPageUrl),
            Validated<string?>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };

    private static Validated<string?> EmailFromForm(IFormCollection form)
    {
        var errors = new FieldErrors();
        var email = FormOrJsonBody.OneValue(form, "email", errors);
        return errors.Result(() => email);
    }

    private static Validated<string?> EmailFromJson(byte[] json)
    {
        var errors = new FieldErrors();
        string? email = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "A JSON object is required.");
            }
            else if (!document.RootElement.TryGetProperty("email", out var value) || value.ValueKind != JsonValueKind.String)
            {
                errors.Add("email", "The email address is required (a string).");
            }
            else
            {
                email = value.GetString();
            }
        }
        catch (JsonException)
        {
            errors.Add("body", "The body is not valid JSON.");
        }

        return errors.Result(() => email);
    }
}
