using CoP.Shared.Email.Queue;
using CoP.Shared.Limits;
using CoP.Shared.Privacy;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// Registration with double opt-in, and requests for a personal link. A request only checks and queues, so it answers
/// the same, in the same time, whatever the address's state; the queued request is decided when <c>DeliverEmail</c>
/// delivers it (<see cref="MemberMailDecider"/>), and the registration confirmed by <see cref="ConfirmationService"/>.
/// </summary>
public sealed class RegistrationService(
    QueuedMail mail,
    RequestLimiter limiter,
    TopicStore topics,
    Pseudonymizer pseudonymizer,
    IOptions<MembershipOptions> membership,
    TimeProvider time)
{
    public const string RegistrationMailKind = "registration";
    public const string AccessLinkMailKind = "access-link";

    /// <summary>
    /// Checks and queues a registration. A form caught by a bot trap is ignored (before any check, so a bot learns
    /// nothing); an acceptable one is queued unless the client (<paramref name="clientKey"/>) or the service as a whole
    /// has made too many mail-sending requests this hour: the decision depends on neither the address nor its state.
    /// </summary>
    public async Task<MailRequestResult> RequestRegistrationAsync(RegistrationForm form, RequestOrigin origin, string clientKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (RegistrationRules.IsBot(form, membership.Value, time.GetUtcNow()))
        {
            return new MailRequestResult.Ignored();
        }

        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        return RegistrationRules.Check(form, offered) switch
        {
            Validated<RegistrationDetails>.Invalid { Errors: var errors } => new MailRequestResult.Invalid(errors),
            Validated<RegistrationDetails>.Valid { Value: var details } => await QueueAsync(
                RegistrationMailKind, new QueuedRegistration(details, pseudonymizer.IpHash(origin.ClientIp), origin.Channel), clientKey, cancellationToken),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }

    /// <summary>Checks the address and queues a request for a personal link, under the same limits; unknown addresses are found out only when it is delivered.</summary>
    public async Task<MailRequestResult> RequestAccessLinkAsync(string? email, string clientKey, CancellationToken cancellationToken = default)
    {
        if (MemberRules.CheckEmail(email, out var address) is { } error)
        {
            return new MailRequestResult.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["email"] = [error] });
        }

        return await QueueAsync(AccessLinkMailKind, new QueuedAccessLinkRequest(address), clientKey, cancellationToken);
    }

    private async Task<MailRequestResult> QueueAsync<T>(string kind, T payload, string clientKey, CancellationToken cancellationToken)
    {
        var decision = await limiter.TryAcquireAsync(clientKey, cancellationToken);
        if (!decision.IsAllowed)
        {
            return new MailRequestResult.Limited(decision.RetryAfter);
        }

        await mail.EnqueueAsync(kind, payload, cancellationToken);
        return new MailRequestResult.Queued();
    }
}
