namespace TrainerAcademy.Features;

/// <summary>
/// Marks a class under <c>Features/</c> that handlers and jobs take from DI but that is neither a nested <c>Handler</c>
/// nor a <c>*Job</c> (those two are found by name). <see cref="FeatureRegistration"/> registers it as itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FeatureServiceAttribute(ServiceLifetime lifetime = ServiceLifetime.Scoped) : Attribute
{
    public ServiceLifetime Lifetime { get; } = lifetime;
}
