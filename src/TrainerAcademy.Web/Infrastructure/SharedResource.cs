namespace TrainerAcademy;

/// <summary>The anchor of Resources/SharedResource.*.resx: every user-facing string of the app.</summary>
public sealed class SharedResource;
