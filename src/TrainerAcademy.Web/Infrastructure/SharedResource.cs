using Microsoft.Extensions.Localization;

// Resource names follow the root namespace (TrainerAcademy.Resources.SharedResource), not the assembly name TrainerAcademy.Web.
[assembly: RootNamespace("TrainerAcademy")]

namespace TrainerAcademy;

/// <summary>The anchor of Resources/SharedResource.*.resx: every user-facing string of the app.</summary>
public sealed class SharedResource;
