using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Members;

/// <summary>
/// GET /api/join: the registration form, which any web page may link to (<c>?topic=biochar&amp;topic=…</c> or
/// <c>?topic=a,b</c> ticks topics; unknown ones are ignored); it posts to <see cref="RegisterMemberFunction"/>, which
/// sends the browser back here (<c>?sent=1</c>) to say the mail is on its way. The page is HTML only: scripts register
/// with JSON and read the topics from <c>GET /api/topics</c>.
/// </summary>
public sealed class ShowRegistrationFormFunction(TopicStore topics, TimeProvider time, IOptions<MembershipOptions> membership, PageLayout layout)
{
    [Function(nameof(ShowRegistrationForm))]
    public async Task<IResult> ShowRegistrationForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "join")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!HtmlPages.PrefersHtml(request))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status406NotAcceptable,
                title: "Not acceptable.",
                detail: "This is the registration page for browsers (Accept: text/html). Scripts register with POST /api/registrations and read the topics from GET /api/topics.");
        }

        if (request.Query["sent"] == "1")
        {
            return JoinPage.Sent();
        }

        var offered = await topics.ListActiveAsync(cancellationToken);
        return JoinPage.Page(
            StatusCodes.Status200OK, offered, JoinPage.Values.Blank(request, time.GetUtcNow()), new Dictionary<string, string[]>(),
            JoinPage.JoinSettings.From(membership.Value, layout));
    }
}
