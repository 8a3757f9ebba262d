using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace CoP.Tests.Browser;

/// <summary>
/// What each page of a context loaded for the document it shows now: the main document's response and the stylesheet
/// and script responses since, for the page weight of <see cref="Pages.CheckAsync"/>. Images are not counted.
/// </summary>
internal sealed class PageTraffic
{
    private static readonly ConditionalWeakTable<IPage, PageTraffic> Traffic = [];
    private static readonly HashSet<string> Counted = ["document", "stylesheet", "script"];

    private readonly Lock _gate = new();
    private List<IResponse> _responses = [];

    public static void Record(IBrowserContext context) => context.Response += (_, response) => Add(response);

    /// <summary>The responses of the page's current document, in arrival order.</summary>
    public static IReadOnlyList<IResponse> Of(IPage page)
    {
        var traffic = Traffic.GetOrCreateValue(page);
        lock (traffic._gate)
        {
            return [.. traffic._responses];
        }
    }

    private static void Add(IResponse response)
    {
        var request = response.Request;
        if (!Counted.Contains(request.ResourceType) || request.Frame.Page is not { } page)
        {
            return;
        }

        var traffic = Traffic.GetOrCreateValue(page);
        lock (traffic._gate)
        {
            // A new document in the main frame (a link followed, a form posted): what the old one loaded no longer counts.
            if (request.IsNavigationRequest && request.Frame.ParentFrame is null)
            {
                traffic._responses = [];
            }

            traffic._responses.Add(response);
        }
    }
}
