using CoP.Shared.Email.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>The operator console's sign-in, sessions and audit log. Needs storage, membership (keys, mail) and the request limits.</summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton<OperatorDirectory>();
        services.TryAddSingleton<ConsoleAccess>();
        services.TryAddSingleton<OperatorAudit>();
        services.TryAddSingleton<ConsoleOverview>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, ConsoleSignInMailPreparer>());
        return services;
    }
}
