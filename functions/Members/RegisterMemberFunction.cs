using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// POST /api/registrations: registration forms and scripts. Answers once the registration is queued (the same for
/// any address); double opt-in follows by email.
/// </summary>
public sealed class RegisterMemberFunction(
    RegistrationService registrations, TopicStore topics, IOptions<MembershipOptions> options, TimeProvider time)
{
    [Function(nameof(RegisterMember))]
    public async Task<IResult> RegisterMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var registration = await RegistrationRequest.ReadAsync(request, options.Value, topics, time, cancellationToken);
        if (registration.Problem is not null)
        {
            return registration.Problem;
        }

        if (registration.IsBot)
        {
            return RegistrationAnswers.Accepted(request, options.Value.ThankYouPageUrl);
        }

        var channel = FormOrJsonBody.IsBrowserFormPost(request) ? "form" : "api";
        var decision = await registrations.RequestRegistrationAsync(registration.Details!, RequestOrigins.From(request, channel), ClientAddresses.LimitKey(request), cancellationToken);
        return decision.IsAllowed ? RegistrationAnswers.Accepted(request, options.Value.ThankYouPageUrl) : RegistrationAnswers.Limited(request, decision.RetryAfter);
    }
}
