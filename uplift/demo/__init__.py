"""The demo organisation that `uplift demo` sets up, step by step.

Each capability adds its own step to `steps.DEMO_STEPS`, seeding its history through the same
services that people use, so every page has meaningful content from the first start.
"""
