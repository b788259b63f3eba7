package dev.kindred.simulator.users;

import java.util.List;

/** A simulated end-user and the hidden interests (category index → weight) that drive them. */
public record SimulatedUser(String id, List<Integer> interests, List<Double> weights) {}
