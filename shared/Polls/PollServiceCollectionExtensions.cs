using CoP.Shared.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

public static class PollServiceCollectionExtensions
{
    /// <summary>Polls and ballots. Needs storage, the topic catalog and membership (member tokens, privacy keys).</summary>
    public static IServiceCollection AddCommunityPolls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PollOptions>().Bind(configuration.GetSection(PollOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PollOptions>, PollOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PollStore>();
        services.TryAddSingleton<BallotKeys>();
        services.TryAddSingleton<PollResultsCache>();
        services.TryAddSingleton<PollService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, PollsMemberData>());
        return services;
    }
}
