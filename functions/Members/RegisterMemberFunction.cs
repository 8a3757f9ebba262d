using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/registrations: registration forms and scripts. Answers once the registration is queued (the same for
/// any address); double opt-in follows by email. A browser's form post that is refused gets the join page back (400)
/// with what was typed and each error beside its field; one that is accepted goes on (303) to the configured thank-you
/// page or to the join page's "check your inbox".
/// </summary>
public sealed class RegisterMemberFunction(RegistrationService registrations, TopicStore topics, IOptions<MembershipOptions> options, PageLayout layout)
{
    [Function(nameof(RegisterMember))]
    public async Task<IResult> RegisterMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var honeypotField = options.Value.HoneypotField;
        return await FormOrJsonBody.ReadAsync(request, RegistrationRequest.MaxBodyBytes, cancellationToken) switch
        {
            FormOrJsonBody.Json { Bytes: var json } => await RegisterAsync(request, RegistrationRequest.FromJson(json, honeypotField), null, cancellationToken),
            FormOrJsonBody.Form { Fields: var form } => await RegisterAsync(request, RegistrationRequest.FromForm(form, honeypotField), form, cancellationToken),
            FormOrJsonBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RegisterAsync(HttpRequest request, Validated<RegistrationForm> registration, IFormCollection? form, CancellationToken cancellationToken)
    {
        var browserForm = form is not null && FormOrJsonBody.IsBrowserFormPost(request) ? form : null;
        switch (registration)
        {
            case Validated<RegistrationForm>.Invalid { Errors: var errors }:
                return browserForm is { } posted ? await RefusedPageAsync(posted, errors, cancellationToken) : Problems.Validation(errors.ToDictionary());
            case Validated<RegistrationForm>.Valid { Value: var valid }:
                var origin = RequestOrigins.From(request, browserForm is null ? "api" : "form");
                var result = await registrations.RequestRegistrationAsync(valid, origin, ClientAddresses.LimitKey(request), cancellationToken);
                return browserForm is { } sent
                    ? await BrowserAnswerAsync(request, result, sent, cancellationToken)
                    : RegistrationAnswers.For(request, result, options.Value.ThankYouPageUrl);
            default:
                throw new UnreachableException();
        }
    }

    // Post/redirect/get: a reload of the answer does not post the form again. Bot traps answer like a success.
    private async Task<IResult> BrowserAnswerAsync(HttpRequest request, MailRequestResult result, IFormCollection form, CancellationToken cancellationToken) => result switch
    {
        MailRequestResult.Queued or MailRequestResult.Ignored => options.Value.ThankYouPageUrl is { } page
            ? HtmlPages.SeeOther(page)
            : HtmlPages.SeeOther($"{PageLinks.Base}/join?sent=1"),
        MailRequestResult.Invalid { Errors: var errors } => await RefusedPageAsync(form, errors, cancellationToken),
        MailRequestResult.Limited { RetryAfter: var retryAfter } => RegistrationAnswers.Limited(request, retryAfter),
        _ => throw new UnreachableException(),
    };

    private async Task<IResult> RefusedPageAsync(IFormCollection form, IReadOnlyDictionary<string, string[]> errors, CancellationToken cancellationToken) =>
        JoinPage.Page(StatusCodes.Status400BadRequest, await topics.ListActiveAsync(cancellationToken), JoinPage.Values.Posted(form), errors,
            JoinPage.JoinSettings.From(options.Value, layout));
}
