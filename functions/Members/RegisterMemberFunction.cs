using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/registrations: registration forms and scripts. Answers once the registration is queued (the same for
/// any address); double opt-in follows by email.
/// </summary>
public sealed class RegisterMemberFunction(RegistrationService registrations, IOptions<MembershipOptions> options)
{
    [Function(nameof(RegisterMember))]
    public async Task<IResult> RegisterMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var honeypotField = options.Value.HoneypotField;
        return await FormOrJsonBody.ReadAsync(request, RegistrationRequest.MaxBodyBytes, cancellationToken) switch
        {
            FormOrJsonBody.Json { Bytes: var json } => await RegisterAsync(request, RegistrationRequest.FromJson(json, honeypotField), cancellationToken),
            FormOrJsonBody.Form { Fields: var form } => await RegisterAsync(request, RegistrationRequest.FromForm(form, honeypotField), cancellationToken),
            FormOrJsonBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RegisterAsync(HttpRequest request, Validated<RegistrationForm> registration, CancellationToken cancellationToken)
    {
        switch (registration)
        {
            case Validated<RegistrationForm>.Invalid { Errors: var errors }:
                return Problems.Validation(errors.ToDictionary());
            case Validated<RegistrationForm>.Valid { Value: var form }:
                var channel = FormOrJsonBody.IsBrowserFormPost(request) ? "form" : "api";
                var result = await registrations.RequestRegistrationAsync(form, RequestOrigins.From(request, channel), ClientAddresses.LimitKey(request), cancellationToken);
                return RegistrationAnswers.For(request, result, options.Value.ThankYouPageUrl);
            default:
                throw new UnreachableException();
        }
    }
}
