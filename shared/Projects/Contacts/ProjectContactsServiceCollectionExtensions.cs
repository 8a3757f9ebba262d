using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Contacts;

public static class ProjectContactsServiceCollectionExtensions
{
    /// <summary>
    /// The projects' contacts: the yearly confirmation (its schedule, claims, run and mail) and a member's part in the map
    /// for their export and erase. Needs the project stores, membership and the mail queue.
    /// </summary>
    public static IServiceCollection AddProjectContacts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProjectConfirmationOptions>()
            .Configure(options => options.Schedule = configuration[ProjectConfirmationOptions.ScheduleSetting] is { Length: > 0 } schedule ? schedule : options.Schedule)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectConfirmationOptions>, ProjectConfirmationOptionsValidator>());
        services.TryAddSingleton<ProjectConfirmationStore>();
        services.TryAddSingleton<ProjectConfirmationRun>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, ProjectConfirmationMailPreparer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMemberDataHolder, ProjectsMemberData>());
        return services;
    }
}
