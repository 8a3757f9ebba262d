using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>POST /api/registrations: registration forms and scripts; double opt-in follows by email.</summary>
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
        await registrations.RegisterAsync(registration.Details!, RequestOrigins.From(request, channel), cancellationToken);
        return RegistrationAnswers.Accepted(request, options.Value.ThankYouPageUrl);
    }
}
