using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using CoP.Shared.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Privacy;

/// <summary>
/// GET /api/privacy: the app's own privacy notice: what is stored about a member, why and for how long, and how a
/// member exports, erases, revokes their links or unsubscribes. The periods are the app's settings as it runs.
/// </summary>
public sealed class ShowPrivacyFunction(IOptions<MemberTokenOptions> tokens, IOptions<DocumentOptions> documents, IOptions<PrivacyOptions> privacy)
{
    [Function(nameof(ShowPrivacy))]
    public IResult ShowPrivacy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy")] HttpRequest request)
    {
        var lifetimes = tokens.Value;
        return HtmlPages.Page(StatusCodes.Status200OK, "privacy", _ => new
        {
            privacy.Value.PolicyVersion,
            ConfirmDays = Days(lifetimes.ConfirmLifetime),
            ProfileDays = Days(lifetimes.ProfileLifetime),
            VoteDays = Days(lifetimes.VoteLifetime),
            UnsubscribeDays = Days(lifetimes.UnsubscribeLifetime),
            AccountMinutes = ((int)Math.Ceiling(lifetimes.AccountLifetime.TotalMinutes)).ToString(CultureInfo.InvariantCulture),
            MailDays = Days(MailDeliveryStore.Retention),
            RejectedDays = Days(documents.Value.RejectedRetention),
        });
    }

    private static string Days(TimeSpan span) => ((int)Math.Ceiling(span.TotalDays)).ToString(CultureInfo.InvariantCulture);
}
