using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>GET /api/console/polls/new: the form of a new poll, with everything POST /api/manage/polls takes.</summary>
public sealed class ShowConsolePollFormFunction(ConsoleGate gate, TopicStore topics)
{
    [Function(nameof(ShowConsolePollForm))]
    public async Task<IResult> ShowConsolePollForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/polls/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var offered = await topics.ListActiveAsync(cancellationToken);
        return PollFormPage.Show(session, PollForm.Empty, new Dictionary<string, string[]>(), offered);
    }
}
