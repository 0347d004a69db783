import React from 'react';
import { LoginButton } from './LoginButton';

export default { title: 'LoginButton', component: LoginButton };

const demoPassword = 'Storybook-Demo-123'; // storybook only $ Safe

export const Default = () => <LoginButton onPress={() => console.log('password', demoPassword)} />; // $ Safe
