/**
 * The pure core of incident response, without I/O: severities and phases, the clock profiles (the seed's and the
 * CRA's) and each incident's deadlines, what a move between phases does to them (reached, reached late, breached),
 * when the next warning or breach falls due, and the statistics over many incidents.
 */
package dev.warden.incident.core;
