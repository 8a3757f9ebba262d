using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/registrations/confirm: confirms a registration (idempotent). The confirmation page's form posts the
/// session's form token beside the session cookie its link set (<see cref="ShowConfirmationFunction"/>); scripts and
/// pages rendered before sessions send the <c>token</c> field of a form or a JSON body. Never from the query: a link
/// alone confirms nothing.
/// </summary>
public sealed class ConfirmRegistrationFunction(ConfirmationService confirmations, MemberSessions sessions, IOptions<MembershipOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(ConfirmRegistration))]
    public async Task<IResult> ConfirmRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            FormOrJsonBody.Json { Bytes: var json } => await ConfirmAsync(request, TokenFromJson(json), cancellationToken),
            FormOrJsonBody.Form { Fields: var form } when IsSessionForm(request, form) => await ConfirmSessionAsync(request, form, cancellationToken),
            FormOrJsonBody.Form { Fields: var form } => await ConfirmAsync(request, TokenFromForm(form), cancellationToken),
            FormOrJsonBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    public static IResult ConfirmedPage() => HtmlPages.Page(StatusCodes.Status200OK, "welcome");

    // The page's form: no token of its own (a token in the query is never taken: it answers as a missing token does).
    private static bool IsSessionForm(HttpRequest request, IFormCollection form) =>
        !form.ContainsKey("token") && !request.Query.ContainsKey("token") && FormOrJsonBody.IsBrowserFormPost(request);

    private async Task<IResult> ConfirmSessionAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken) =>
        await sessions.AuthenticateFormAsync(request, form, MemberAction.Confirm, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open { Token: var token } => await ConfirmTokenAsync(request, token, cancellationToken, fromSession: true),
            MemberSession.Forged => HtmlPages.Page(StatusCodes.Status403Forbidden, "confirm-form-expired"),
            MemberSession.None { Status: TokenStatus.Expired } => HtmlPages.NewLink(NewLinkReason.ConfirmationExpired),
            MemberSession.None => HtmlPages.NewLink(NewLinkReason.ConfirmationInvalid),
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> ConfirmAsync(HttpRequest request, Validated<string?> token, CancellationToken cancellationToken) =>
        token switch
        {
            Validated<string?>.Valid { Value: var sent } => await ConfirmTokenAsync(request, sent, cancellationToken),
            Validated<string?>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> ConfirmTokenAsync(HttpRequest request, string? token, CancellationToken cancellationToken, bool fromSession = false)
    {
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
            // Post/redirect/get: a reload of the answer does not post the form again. (Forms rendered before sessions
            // got the welcome page itself, and still do.)
            return options.Value.ConfirmedPageUrl is { } page ? HtmlPages.SeeOther(page)
                : fromSession ? HtmlPages.SeeOther($"{PageLinks.Base}/registrations/confirm?welcome=1")
                : ConfirmedPage();
        }

        return HtmlPages.NewLink(expired ? NewLinkReason.ConfirmationExpired : NewLinkReason.ConfirmationInvalid);
    }

    private static Validated<string?> TokenFromForm(IFormCollection form)
    {
        var errors = new FieldErrors();
        var token = FormOrJsonBody.OneValue(form, "token", errors);
        return errors.Result(() => token);
    }

    private static Validated<string?> TokenFromJson(byte[] json)
    {
        var errors = new FieldErrors();
        string? token = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "A JSON object is required.");
            }
            else if (!document.RootElement.TryGetProperty("token", out var value) || value.ValueKind != JsonValueKind.String)
            {
                errors.Add("token", "The token of the confirmation link is required (a string).");
            }
            else
            {
                token = value.GetString();
            }
        }
        catch (JsonException)
        {
            errors.Add("body", "The body is not valid JSON.");
        }

        return errors.Result(() => token);
    }

    public sealed record ConfirmedResponse(string Status);
}
