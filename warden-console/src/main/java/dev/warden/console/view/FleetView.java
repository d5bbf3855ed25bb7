package dev.warden.console.view;

/** The overview's fleet panel: registered things and the devices connected to this node now. */
public record FleetView(long things, int connected) {}
